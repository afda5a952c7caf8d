import { Op, type Sequelize } from 'sequelize';
import type { Principal } from '../../core/principal.ts';
import {
  REFRESH_GRACE_MS,
  SESSION_MAX_LIFETIME_MS,
  SESSION_TTL_MS,
  type NewSession,
  type SessionStore,
} from '../../core/sessions.ts';
import type { Models } from '../models.ts';
import { hashSecret, newToken } from '../../core/tokens.ts';
import { inTransaction } from '../transaction.ts';

/** Who the session is for, where, and which activity it is pinned to, as a row holds them. */
const sessionOf = (data: NewSession): Required<NewSession> => ({
  tenant: data.tenant,
  contextKey: data.contextKey,
  userId: data.userId,
  name: data.name,
  role: data.role,
  linkKey: data.linkKey ?? null,
});

export function createSessionRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): SessionStore {
  /** A token's expiry: two hours on, but never past the session's absolute end. */
  const expiryFrom = (startedAt: Date) =>
    new Date(Math.min(now().getTime() + SESSION_TTL_MS, startedAt.getTime() + SESSION_MAX_LIFETIME_MS));

  return {
    /** Returns the bearer token once; only its hash is kept. */
    async create(session: NewSession): Promise<string> {
      const token = newToken('ses');
      const startedAt = now();
      await models.Session.create({
        ...session,
        tokenHash: hashSecret(token),
        startedAt,
        expiresAt: expiryFrom(startedAt),
      });
      return token;
    },

    async find(token: string): Promise<Extract<Principal, { kind: 'session' }> | null> {
      const row = await models.Session.findOne({
        where: { tokenHash: hashSecret(token), expiresAt: { [Op.gt]: now() } },
      });
      if (!row) return null;
      return { kind: 'session', ...sessionOf(row) };
    },

    /**
     * Swaps a token for its one successor, `successor` (derived from it by the caller, so asking
     * again, e.g. after a response lost on bad Wi-Fi, gives the same token, never a second live one).
     * The old token keeps working for REFRESH_GRACE_MS, for requests already in flight; the new
     * one ends with the session, SESSION_MAX_LIFETIME_MS after the launch. Null if the token is
     * unknown or expired, or the session has reached its end.
     */
    async refresh(token: string, successor: string): Promise<{ token: string; expiresAt: Date } | null> {
      return inTransaction(sequelize, async (transaction) => {
        const row = await models.Session.findOne({
          where: { tokenHash: hashSecret(token), expiresAt: { [Op.gt]: now() } },
          transaction,
        });
        if (!row) return null;
        // Sessions from before migration 0004 started when they were created.
        const startedAt = row.startedAt ?? row.createdAt;
        const expiresAt = expiryFrom(startedAt);
        if (expiresAt <= now()) return null;
        // Only the first swap of this token writes: taking the row first makes a second one,
        // here or in another process, wait for this commit and then find refreshedAt set.
        const [first] = await models.Session.update(
          {
            refreshedAt: now(),
            expiresAt: new Date(Math.min(row.expiresAt.getTime(), now().getTime() + REFRESH_GRACE_MS)),
          },
          { where: { tokenHash: hashSecret(token), refreshedAt: null }, transaction },
        );
        if (first === 1) {
          // The same session (person, course, pinned activity) under the successor token.
          await models.Session.create(
            { ...sessionOf(row), tokenHash: hashSecret(successor), startedAt, expiresAt },
            { transaction },
          );
          return { token: successor, expiresAt };
        }
        const existing = await models.Session.findOne({
          where: { tokenHash: hashSecret(successor), expiresAt: { [Op.gt]: now() } },
          transaction,
        });
        return existing ? { token: successor, expiresAt: existing.expiresAt } : null;
      });
    },

    async purgeExpired(): Promise<number> {
      return models.Session.destroy({ where: { expiresAt: { [Op.lte]: now() } } });
    },
  };
}
