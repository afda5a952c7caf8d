import { Op, QueryTypes, UniqueConstraintError, type Sequelize } from 'sequelize';
import {
  LOGIN_STATE_TTL_MS,
  type LoginStateRecord,
  type LoginStateStore,
} from '../../lti/launch/login-state-store.ts';
import type { Models } from '../models.ts';

/** A row as `DELETE … RETURNING` gives it back: SQLite's driver hands DATE columns back as text. */
type ReturnedLoginState = Omit<LoginStateRecord, 'expiresAt'> & { expiresAt: Date | string };

/** OIDC login state and nonce: issued by our login, consumed once by the launch. */
export function createLoginStateRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): LoginStateStore {
  return {
    async create(record: Omit<LoginStateRecord, 'expiresAt'>): Promise<void> {
      await models.LoginState.create({
        ...record,
        expiresAt: new Date(now().getTime() + LOGIN_STATE_TTL_MS),
      });
    },

    /** Reads a live state without using it up (a platform-storage launch completes in a second request). */
    async peek(state: string): Promise<LoginStateRecord | null> {
      const row = await models.LoginState.findByPk(state);
      return row && row.expiresAt > now() ? row.get() : null;
    },

    /**
     * Returns the state once and deletes it; a second call, or an expired state, gives null.
     * One `DELETE … RETURNING` (SQLite ≥ 3.35 and PostgreSQL): atomic across processes, and one
     * statement on the launch's hot path instead of three.
     */
    async consume(state: string): Promise<LoginStateRecord | null> {
      const [record] = await sequelize.query<ReturnedLoginState>(
        'DELETE FROM "lti_login_states" WHERE "state" = ? RETURNING "state", "nonce", "platformId", "relaunchQuery", "expiresAt"',
        { replacements: [state], type: QueryTypes.SELECT },
      );
      if (!record || new Date(record.expiresAt) <= now()) return null;
      return { ...record, expiresAt: new Date(record.expiresAt) };
    },

    /** Records a nonce until its token expires; false if it was already used. */
    async useNonce(nonce: string, expiresAt: Date): Promise<boolean> {
      try {
        await models.UsedNonce.create({ nonce, expiresAt });
        return true;
      } catch (error) {
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    },

    async purgeExpired(): Promise<void> {
      await models.LoginState.destroy({ where: { expiresAt: { [Op.lte]: now() } } });
      await models.UsedNonce.destroy({ where: { expiresAt: { [Op.lte]: now() } } });
    },
  };
}
