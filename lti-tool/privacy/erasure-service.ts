import { randomUUID } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors.ts';
import { tenantKeyOf } from '../core/link-keys.ts';
import type { Logger } from '../core/logger.ts';
import type {
  ErasureCounts,
  ErasureRequest,
  ErasureStore,
  ErasureTarget,
  FormerParticipant,
  TableCounts,
  TenantOfIssuer,
} from './ports.ts';

/**
 * Who stands in for an erased person in records that stay with others: the feedback a coach gave
 * on a teacher's round stays the teacher's, "given by a former coach"; a conversation a coach held
 * stays in the teacher's record with this id as its coach.
 */
export const FORMER_PARTICIPANT: FormerParticipant = { id: 'former-participant', name: 'A former coach' };

/** Where to erase: every institution of an issuer, or those of one client id, or one deployment. */
export interface ErasureScope {
  issuer: string;
  clientId: string | null;
  deploymentId: string | null;
}

/** What an erasure did: at which institutions, rows removed and rows kept anonymised, per table. */
export interface ErasureReport {
  tenants: TenantOfIssuer[];
  removed: TableCounts;
  anonymised: TableCounts;
}

export interface ErasureServiceDeps {
  store: ErasureStore;
  /** Deletes the bytes of removed files no file keeps (media/media-service.ts releaseBlobs). */
  releaseBlobs: (keys: readonly string[]) => Promise<void>;
  now: () => Date;
  logger: Logger;
}

const add = (into: TableCounts, counts: TableCounts) => {
  for (const [table, count] of Object.entries(counts)) into[table] = (into[table] ?? 0) + count;
  return into;
};

/** Only tables where something happened. */
const nonZero = (counts: TableCounts): TableCounts =>
  Object.fromEntries(Object.entries(counts).filter(([, count]) => count > 0));

/**
 * The right to erasure (docs/privacy.md "Erasure"): a person and everything that is theirs go, in
 * one transaction; what they did in others' records stays, under a neutral marker. The operator
 * runs it (`npm run lti -- erase`); a provider admin may only ask for it, at their own institution.
 */
export function createErasureService(deps: ErasureServiceDeps) {
  const { store, logger } = deps;

  async function eraseAt(target: ErasureTarget): Promise<Omit<ErasureReport, 'tenants'>> {
    const blobs: string[] = [];
    const report = await store.inTransaction(async (steps) => {
      const removed: TableCounts = {};
      const anonymised: TableCounts = {};
      const tally = (counts: ErasureCounts) => {
        add(removed, counts.removed);
        add(anonymised, counts.anonymised);
        blobs.push(...(counts.blobs ?? []));
      };
      // Sign-ins first, so nothing the person still has open can write while the rest goes; their
      // recordings before the records about them, which say which recordings were made for them.
      tally(await steps.removeAccess(target));
      tally(await steps.removeRecordings(target));
      tally(await steps.removeRecordsAbout(target));
      tally(await steps.anonymiseAuthorship(target, FORMER_PARTICIPANT));
      tally(await steps.forgetFigures(target, deps.now()));
      tally(await steps.closeRequests(target, nonZero(removed), deps.now()));
      return { removed: nonZero(removed), anonymised: nonZero(anonymised) };
    });
    // Once the rows are gone for good: a rolled-back erasure keeps its files.
    await deps.releaseBlobs(blobs);
    return report;
  }

  return {
    /**
     * Erases `userId` at every institution `scope` names (all of the issuer's unless narrowed by
     * client id and deployment). Refused when the scope names none.
     */
    async erase(userId: string, scope: ErasureScope): Promise<ErasureReport> {
      let tenants: TenantOfIssuer[];
      if (scope.deploymentId === null) {
        tenants = await store.tenantsOf(scope.issuer, scope.clientId);
      } else {
        if (scope.clientId === null) {
          throw new DomainError('invalid-input', 'A deployment is named with its client id.');
        }
        // A deployment names one institution, whether or not it is still registered.
        const tenant = tenantKeyOf({
          tenant: { issuer: scope.issuer, clientId: scope.clientId, deploymentId: scope.deploymentId },
        });
        tenants = [{ tenant, clientId: scope.clientId, deploymentId: scope.deploymentId }];
      }
      if (tenants.length === 0) {
        throw new DomainError(
          'not-found',
          `No institution of ${scope.issuer}${scope.clientId ? ` with client id ${scope.clientId}` : ''} is known to this tool.`,
        );
      }
      const report = await eraseAt({ userId, tenants: tenants.map((t) => t.tenant) });
      // Never the person's id: the log outlives the erasure.
      logger.info('erasure', { tenants: tenants.length, removed: report.removed });
      return { tenants, ...report };
    },

    /** Runs a provider admin's request: the person at the institution it was made for. */
    async runRequest(id: string): Promise<Omit<ErasureReport, 'tenants'> & { request: ErasureRequest }> {
      const request = await store.pendingRequest(id);
      if (!request) throw new DomainError('not-found', `No pending erasure request ${id}.`);
      const report = await eraseAt({ userId: request.userId, tenants: [request.tenant] });
      logger.info('erasure', { request: request.id, tenants: 1, removed: report.removed });
      return { request, ...report };
    },

    pendingRequests: () => store.pendingRequests(),

    /**
     * A provider admin asks for someone at their own institution to be erased: recorded for the
     * operator, who runs it. The log line names the request, never the person.
     */
    async request(admin: { tenant: string; userId: string }, userId: string): Promise<ErasureRequest> {
      const request = await store.request({
        id: randomUUID(),
        tenant: admin.tenant,
        userId,
        requestedBy: admin.userId,
        requestedAt: deps.now().toISOString(),
      });
      logger.info('erasure requested', { tenant: admin.tenant, request: request.id });
      return request;
    },
  };
}
export type ErasureService = ReturnType<typeof createErasureService>;
