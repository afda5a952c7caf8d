import { randomUUID } from 'node:crypto';
import type { ConversationInput } from '../../shared/domain/coaching/cycle.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type {
  Share,
  ShareInput,
  ShareKind,
  SharedConversation,
  SharedItem,
  SharedRound,
} from '../../shared/protocol/sharing-api.ts';
import type { AllowedFor } from '../core/policy.ts';
import type { StoredRound } from '../practice/ports.ts';

/** A share as stored: the owner's row, in the owner's tenant. */
export interface StoredShare extends Share {
  tenant: string;
  ownerId: string;
}

/** What sharing reads and writes (db/repositories/sharing.ts). Every read names the tenant. */
export interface ShareStore {
  /** The owner's round or the conversation about them in the tenant; null when it is not theirs or not there. */
  round(tenant: string, ownerId: string, id: string): Promise<StoredRound | null>;
  conversation(
    tenant: string,
    ownerId: string,
    id: string,
  ): Promise<{ heldAt: string; record: ConversationInput } | null>;
  /** The share with this id, whoever's, in any tenant (ids are global). */
  get(id: string): Promise<StoredShare | null>;
  insert(share: StoredShare): Promise<void>;
  byOwner(tenant: string, ownerId: string): Promise<StoredShare[]>;
  /** Marks it revoked if it is the owner's; whether it is theirs. */
  revoke(tenant: string, ownerId: string, id: string, at: string): Promise<boolean>;
  activeFor(tenant: string, recipientId: string): Promise<StoredShare[]>;
  /** The name the LMS last sent for the person in any course of the tenant. */
  nameOf(tenant: string, userId: string): Promise<string | null>;
}

export interface SharingServiceDeps {
  store: ShareStore;
  /** A module's title and success criteria (the round's self-assessment is per criterion). */
  moduleOf: (tenant: string, id: string) => Promise<{ title: string; successCriteria: string[] } | null>;
  now: () => Date;
}

type Owner = AllowedFor<'shares.own'>;
type Viewer = AllowedFor<'shares.receive'>;

const notTheirs = (kind: ShareKind) =>
  new DomainError(
    'not-found',
    kind === 'round' ? 'No such practice round of yours.' : 'No such coaching conversation of yours.',
  );

const wire = ({ tenant: _tenant, ownerId: _owner, ...share }: StoredShare): Share => share;

/** The record as the recipient sees it: no ids, no recording (recordings are not shared). */
function sharedRecord(record: ConversationInput): SharedConversation['record'] {
  const { teacherId: _teacher, observationId: _observation, model, ...rest } = record;
  return {
    ...rest,
    model:
      model.kind === 'own'
        ? { kind: 'own', form: model.form, description: model.description, recorded: !!model.recording }
        : model,
  };
}

/**
 * Sharing: a teacher shows one of their practice rounds, or the record of one of their coaching
 * conversations, to a named person at their institution, until they revoke it. Content is the
 * teacher's and their coach's: a share opens exactly that item to exactly that person, and nothing
 * else about the teacher (README "The programme view", docs/privacy.md).
 */
export function createSharingService(deps: SharingServiceDeps) {
  const { store } = deps;

  return {
    /**
     * Shares the owner's item with `recipientId` at their institution. An item that is not theirs
     * is a 404, as an unknown one is, and nothing is stored. The same id again (a retry) or the
     * same item to the same person while shared answers the share there is.
     */
    async create(
      owner: Owner,
      input: ShareInput & { id?: string },
    ): Promise<{ share: Share; created: boolean }> {
      if (input.recipientId === owner.userId) {
        throw new DomainError(
          'invalid-input',
          'This is you: enter the LMS user id of the person to share with.',
        );
      }
      const item =
        input.kind === 'round'
          ? await store.round(owner.tenant, owner.userId, input.itemId)
          : await store.conversation(owner.tenant, owner.userId, input.itemId);
      if (!item) throw notTheirs(input.kind);
      const mine = await store.byOwner(owner.tenant, owner.userId);
      if (input.id !== undefined) {
        const same = mine.find((share) => share.id === input.id);
        if (same) return { share: wire(same), created: false };
        if (await store.get(input.id)) throw new DomainError('conflict', 'This share id is taken.');
      }
      const already = mine.find(
        (share) =>
          share.revokedAt === null &&
          share.kind === input.kind &&
          share.itemId === input.itemId &&
          share.recipientId === input.recipientId,
      );
      if (already) return { share: wire(already), created: false };
      const share: StoredShare = {
        id: input.id ?? randomUUID(),
        tenant: owner.tenant,
        ownerId: owner.userId,
        kind: input.kind,
        itemId: input.itemId,
        recipientId: input.recipientId,
        recipientName: input.recipientName,
        createdAt: deps.now().toISOString(),
        revokedAt: null,
      };
      await store.insert(share);
      return { share: wire(share), created: true };
    },

    /** The owner's shares, newest first, revoked ones too (marked). */
    async mine(owner: Owner): Promise<Share[]> {
      return (await store.byOwner(owner.tenant, owner.userId)).map(wire);
    },

    /** Revokes one of the owner's shares: the recipient sees nothing of it from now on. Not theirs: 404. */
    async revoke(owner: Owner, id: string): Promise<void> {
      if (!(await store.revoke(owner.tenant, owner.userId, id, deps.now().toISOString()))) {
        throw new DomainError('not-found', 'No such share of yours.');
      }
    },

    /**
     * What is shared with the viewer at this institution, newest first: each item's content, its
     * owner's name and when it was shared. An item erased since is left out.
     */
    async sharedWithMe(viewer: Viewer): Promise<SharedItem[]> {
      const items: SharedItem[] = [];
      const names = new Map<string, string>();
      for (const share of await store.activeFor(viewer.tenant, viewer.userId)) {
        if (!names.has(share.ownerId)) {
          names.set(share.ownerId, (await store.nameOf(share.tenant, share.ownerId)) ?? 'A teacher');
        }
        const common = { id: share.id, ownerName: names.get(share.ownerId)!, sharedAt: share.createdAt };
        if (share.kind === 'round') {
          const round = await store.round(share.tenant, share.ownerId, share.itemId);
          if (!round) continue;
          const module = await deps.moduleOf(share.tenant, round.moduleId);
          const content: SharedRound = {
            moduleTitle: module?.title ?? null,
            successCriteria: module?.successCriteria ?? [],
            roundNumber: round.roundNumber,
            script: round.script,
            selfAssessment: round.selfAssessment,
            submittedAt: round.submittedAt,
            feedback: round.feedback,
          };
          items.push({ ...common, kind: 'round', round: content });
        } else {
          const conversation = await store.conversation(share.tenant, share.ownerId, share.itemId);
          if (!conversation) continue;
          items.push({
            ...common,
            kind: 'conversation',
            conversation: { heldAt: conversation.heldAt, record: sharedRecord(conversation.record) },
          });
        }
      }
      return items;
    },
  };
}
export type SharingService = ReturnType<typeof createSharingService>;
