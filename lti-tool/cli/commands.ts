import type { BlobStore } from '../media/ports.ts';
import { releaseBlobs } from '../media/media-service.ts';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Database } from '../db/database.ts';
import type { ToolKeys } from '../lti/keys/tool-keys.ts';
import { registrationUrlFor } from '../lti/registration/dynamic-registration.ts';
import { createKeyRotation } from '../lti/keys/key-rotation.ts';
import { isLoopbackHost, parseOriginPattern, registeredOriginsOf } from '../lti/services/platform-fetch.ts';
import { registerPlatform } from '../lti/registration/registration.ts';
import { createErasureService, FORMER_PARTICIPANT, type ErasureReport } from '../privacy/erasure-service.ts';
import type { TableCounts } from '../privacy/ports.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliContext {
  db: Database;
  /** Opened only by commands that need ltijs (it creates tool keys for a new platform). */
  lti: () => Promise<ToolKeys>;
  publicUrl: string;
  /** Where uploads' bytes are (erasure deletes them); opened by the commands that need it. */
  blobs: () => Promise<BlobStore>;
  print(line: string): void;
}

const url = (flag: string) =>
  v.pipe(v.string(`--${flag} is required`), v.url(`--${flag} must be a full URL`));
const text = (flag: string) =>
  v.pipe(v.string(`--${flag} is required`), v.trim(), v.nonEmpty(`--${flag} is required`));

/** `https://lms.example.org` or `https://*.example.org`: where else the platform's services are. */
const serviceOrigin = v.pipe(
  v.string(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const parsed = parseOriginPattern(dataset.value);
    if ('error' in parsed) {
      addIssue({ message: `--service-origin ${parsed.error}` });
      return NEVER;
    }
    const { protocol, hostname } = new URL(parsed.pattern.replace('*.', ''));
    if (protocol !== 'https:' && !isLoopbackHost(hostname)) {
      addIssue({
        message: `--service-origin ${dataset.value} must be https (plain http only for this machine)`,
      });
      return NEVER;
    }
    return parsed.pattern;
  }),
);

const PlatformFlags = v.object({
  issuer: url('issuer'),
  'client-id': text('client-id'),
  'auth-url': url('auth-url'),
  'token-url': url('token-url'),
  'jwks-url': url('jwks-url'),
  'deployment-id': text('deployment-id'),
  name: v.optional(text('name')),
  'service-origin': v.optional(v.array(serviceOrigin), []),
});
/** Flags that may be given more than once. */
const REPEATABLE = new Set(['service-origin']);
const PlatformKeyFlags = v.object({ issuer: url('issuer'), 'client-id': text('client-id') });
const DeploymentFlags = v.object({ ...PlatformKeyFlags.entries, 'deployment-id': text('deployment-id') });
const RotateFlags = v.object({
  'overlap-hours': v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.number('--overlap-hours must be a number'),
      v.minValue(0),
      v.maxValue(24 * 30),
    ),
    '24',
  ),
});
const EraseFlags = v.object({
  user: v.optional(text('user')),
  platform: v.optional(url('platform')),
  'client-id': v.optional(text('client-id')),
  deployment: v.optional(text('deployment')),
  request: v.optional(text('request')),
});
const RegistrationFlags = v.object({
  'ttl-minutes': v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer('--ttl-minutes must be a whole number'),
      v.minValue(1),
      v.maxValue(7 * 24 * 60),
    ),
    '60',
  ),
});

function flags<S extends v.GenericSchema>(schema: S, args: string[], names: string[]): v.InferOutput<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries(
        names.map((name) => [name, { type: 'string' as const, multiple: REPEATABLE.has(name) }]),
      ),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Every known flag present (maybe undefined), so a missing one gets its own "--x is required".
  const complete = Object.fromEntries(names.map((name) => [name, values[name]]));
  const parsed = v.safeParse(schema, complete);
  if (!parsed.success) throw new UsageError(parsed.issues.map((issue) => issue.message).join('\n'));
  return parsed.output;
}

const keys = (schema: { entries: Record<string, unknown> }) => Object.keys(schema.entries);

export const USAGE = `Usage: npm run lti -- <command> [flags]

  platform add --issuer URL --client-id ID --auth-url URL --token-url URL --jwks-url URL --deployment-id ID [--name NAME]
               [--service-origin https://host-or-*.domain ...]   where else its roster and grade services are
  platform list
  platform remove --issuer URL --client-id ID
  deployment add --issuer URL --client-id ID --deployment-id ID
  keys rotate [--overlap-hours 24]        publish new tool keys now, sign with them after the overlap
  registration-url [--ttl-minutes 60]     a single-use URL to paste into Moodle or Canvas (dynamic registration)
  erase --user LMS_USER_ID --platform ISSUER_URL [--client-id ID [--deployment ID]]
                                          remove a person and everything that is theirs, at every institution of
                                          that LMS unless narrowed (docs/privacy.md)
  erase --request ID                      run a provider admin's erasure request
  erasure-requests                        list the erasure requests waiting to be run`;

/** Runs one command; throws UsageError for bad input (exit 1), prints results otherwise. */
export async function runCommand(argv: string[], ctx: CliContext): Promise<void> {
  const [group, action, ...rest] = argv;
  const grouped = ['platform', 'deployment', 'keys'].includes(group ?? '');
  const command = grouped ? `${group} ${action ?? ''}` : (group ?? '');
  const args = grouped ? rest : argv.slice(1);

  switch (command) {
    case 'platform add': {
      const f = flags(PlatformFlags, args, keys(PlatformFlags));
      const record = await registerPlatform(
        { platforms: ctx.db.platforms, lti: await ctx.lti() },
        {
          issuer: f.issuer,
          clientId: f['client-id'],
          name: f.name ?? new URL(f.issuer).host,
          authUrl: f['auth-url'],
          tokenUrl: f['token-url'],
          jwksUrl: f['jwks-url'],
          serviceOrigins: f['service-origin'],
        },
        [f['deployment-id']],
      );
      ctx.print(
        `Registered ${record.name} (${record.issuer}, client ${record.clientId}) with deployment ${f['deployment-id']}.`,
      );
      ctx.print(`Its services are called only on: ${registeredOriginsOf(record).join(', ')}`);
      return;
    }
    case 'platform list': {
      flags(v.object({}), args, []);
      const platforms = await ctx.db.platforms.list();
      if (platforms.length === 0) ctx.print('No platforms registered.');
      for (const p of platforms) {
        ctx.print(
          `${p.name}\n  issuer: ${p.issuer}\n  client id: ${p.clientId}\n  deployments: ${p.deployments.join(', ') || '(none)'}\n  services called on: ${registeredOriginsOf(p).join(', ')}`,
        );
      }
      return;
    }
    case 'platform remove': {
      const f = flags(PlatformKeyFlags, args, keys(PlatformKeyFlags));
      if (!(await ctx.db.platforms.remove(f.issuer, f['client-id']))) {
        throw new UsageError(`No platform is registered for ${f.issuer} with client id ${f['client-id']}.`);
      }
      ctx.print(`Removed ${f.issuer} (client ${f['client-id']}): its launches are refused from now on.`);
      return;
    }
    case 'deployment add': {
      const f = flags(DeploymentFlags, args, keys(DeploymentFlags));
      const platform = await ctx.db.platforms.find(f.issuer, f['client-id']);
      if (!platform)
        throw new UsageError(`No platform is registered for ${f.issuer} with client id ${f['client-id']}.`);
      await ctx.db.platforms.addDeployment(platform.id, f['deployment-id']);
      ctx.print(`Deployment ${f['deployment-id']} of ${platform.name} may now launch the tool.`);
      return;
    }
    case 'registration-url': {
      const f = flags(RegistrationFlags, args, keys(RegistrationFlags));
      const { token, expiresAt } = await ctx.db.registrationTokens.issue(f['ttl-minutes'] * 60_000);
      ctx.print(registrationUrlFor(ctx.publicUrl, token));
      ctx.print(
        `Single use; expires ${expiresAt.toISOString()}. Paste it into your LMS's tool registration.`,
      );
      return;
    }
    case 'keys rotate': {
      const f = flags(RotateFlags, args, keys(RotateFlags));
      const rotation = createKeyRotation({
        lti: await ctx.lti(),
        platforms: ctx.db.platforms,
        rotations: ctx.db.keyRotations,
        now: () => new Date(),
      });
      const scheduled = await rotation.rotate(f['overlap-hours'] * 3_600_000);
      if (scheduled.length === 0) ctx.print('No platforms registered: nothing to rotate.');
      for (const r of scheduled) {
        ctx.print(
          `${r.issuer} (client ${r.clientId}): new key ${r.newKid} published now; signing switches at ${r.switchAt.toISOString()}; old key ${r.oldKid} retired at ${r.retireAt.toISOString()}.`,
        );
      }
      return;
    }
    case 'erase': {
      const f = flags(EraseFlags, args, keys(EraseFlags));
      // The CLI's output is the record of what it did; the person's id is never logged.
      const blobs = await ctx.blobs();
      const erasure = createErasureService({
        store: ctx.db.privacy,
        releaseBlobs: (gone) => releaseBlobs({ media: ctx.db.media, blobs }, gone),
        now: () => new Date(),
        logger: SILENT,
      });
      if (f.request !== undefined) {
        if (f.user !== undefined || f.platform !== undefined) {
          throw new UsageError('--request names the person and institution itself: give it alone.');
        }
        const done = await erasure.runRequest(f.request).catch(asUsageError);
        ctx.print(`Ran erasure request ${done.request.id} (requested ${done.request.requestedAt}).`);
        printCounts(ctx, done);
        return;
      }
      if (f.user === undefined)
        throw new UsageError('--user is required: the LMS user id (the launch’s sub) to erase');
      if (f.platform === undefined) throw new UsageError('--platform is required: the LMS issuer URL');
      if (f.deployment !== undefined && f['client-id'] === undefined) {
        throw new UsageError('--deployment needs --client-id: a deployment is one of a client id’s.');
      }
      const report = await erasure
        .erase(f.user, {
          issuer: f.platform,
          clientId: f['client-id'] ?? null,
          deploymentId: f.deployment ?? null,
        })
        .catch(asUsageError);
      const narrowed =
        f.deployment !== undefined
          ? 'the one deployment given'
          : f['client-id'] !== undefined
            ? `every deployment of client ${f['client-id']}`
            : 'every registration and deployment of this issuer (narrow with --client-id and --deployment)';
      ctx.print(
        `Erased ${f.user} at ${report.tenants.length} institution${report.tenants.length === 1 ? '' : 's'} of ${f.platform}: ${narrowed}.`,
      );
      for (const t of report.tenants) {
        ctx.print(
          `  client ${t.clientId}, ${t.deploymentId === null ? 'a deployment no longer registered' : `deployment ${t.deploymentId}`}`,
        );
      }
      printCounts(ctx, report);
      return;
    }
    case 'erasure-requests': {
      flags(v.object({}), args, []);
      const pending = await ctx.db.privacy.pendingRequests();
      if (pending.length === 0) ctx.print('No erasure requests are waiting.');
      for (const r of pending) {
        ctx.print(
          `${r.id}  requested ${r.requestedAt}  LMS user ${r.userId}  (run: npm run lti -- erase --request ${r.id})`,
        );
      }
      return;
    }
    default:
      throw new UsageError(command.trim() ? `Unknown command "${command.trim()}".\n\n${USAGE}` : USAGE);
  }
}

const SILENT = { info: () => undefined, error: () => undefined };

/** A refusal the operator can act on (no such institution, no such request) reads as usage. */
function asUsageError(error: unknown): never {
  if (error instanceof DomainError) throw new UsageError(error.message);
  throw error;
}

function printTable(ctx: CliContext, counts: TableCounts): void {
  const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(0, ...rows.map(([table]) => table.length));
  for (const [table, count] of rows) ctx.print(`  ${table.padEnd(width)}  ${count}`);
}

function printCounts(ctx: CliContext, report: Pick<ErasureReport, 'removed' | 'anonymised'>): void {
  if (Object.keys(report.removed).length === 0) ctx.print('Nothing about this person was stored there.');
  else {
    ctx.print('Removed (rows per table):');
    printTable(ctx, report.removed);
  }
  if (Object.keys(report.anonymised).length > 0) {
    ctx.print(
      `Kept in others' records, the person replaced by "${FORMER_PARTICIPANT.name}" or the reference cleared:`,
    );
    printTable(ctx, report.anonymised);
  }
}
