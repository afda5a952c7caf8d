import { Op } from 'sequelize';
import type { CoachingRole } from '../../../shared/domain/coaching/relationship.ts';
import type { Principal } from '../../server/principal.ts';
import type { Models } from '../models.ts';
import { hashSecret, newToken } from '../tokens.ts';

export const SESSION_TTL_MS = 2 * 60 * 60 * 1000;

export interface NewSession {
  tenant: string;
  contextKey: string;
  userId: string;
  name: string | null;
  role: CoachingRole;
  /** The activity the page was launched for (its resource link key); null or absent: none. */
  linkKey?: string | null;
}

export function createSessionRepository(models: Models, now: () => Date = () => new Date()) {
  return {
    /** Returns the bearer token once; only its hash is kept. */
    async create(session: NewSession): Promise<string> {
      const token = newToken('ses');
      await models.Session.create({
        ...session,
        tokenHash: hashSecret(token),
        expiresAt: new Date(now().getTime() + SESSION_TTL_MS),
      });
      return token;
    },

    async find(token: string): Promise<Extract<Principal, { kind: 'session' }> | null> {
      const row = await models.Session.findOne({
        where: { tokenHash: hashSecret(token), expiresAt: { [Op.gt]: now() } },
      });
      if (!row) return null;
      const data = row.get() as NewSession;
      return {
        kind: 'session',
        tenant: data.tenant,
        contextKey: data.contextKey,
        userId: data.userId,
        name: data.name,
        role: data.role,
        linkKey: data.linkKey ?? null,
      };
    },

    /**
     * A fresh token for the same session; the old one keeps working for a minute so requests
     * already in flight do not fail. Returns null if the old token is unknown or expired.
     */
    async refresh(token: string): Promise<{ token: string; expiresAt: Date } | null> {
      const row = await models.Session.findOne({
        where: { tokenHash: hashSecret(token), expiresAt: { [Op.gt]: now() } },
      });
      if (!row) return null;
      const data = row.get() as NewSession & { expiresAt: Date };
      const fresh = newToken('ses');
      const expiresAt = new Date(now().getTime() + SESSION_TTL_MS);
      await models.Session.create({
        tenant: data.tenant,
        contextKey: data.contextKey,
        userId: data.userId,
        name: data.name,
        role: data.role,
        // The fresh token is pinned to the same activity.
        linkKey: data.linkKey ?? null,
        tokenHash: hashSecret(fresh),
        expiresAt,
      });
      const grace = new Date(now().getTime() + 60_000);
      if (new Date(data.expiresAt) > grace) await row.update({ expiresAt: grace });
      return { token: fresh, expiresAt };
    },

    async purgeExpired(): Promise<number> {
      return models.Session.destroy({ where: { expiresAt: { [Op.lte]: now() } } });
    },
  };
}
export type SessionRepository = ReturnType<typeof createSessionRepository>;
