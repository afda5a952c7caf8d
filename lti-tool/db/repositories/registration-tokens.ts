import { Op } from 'sequelize';
import type { RegistrationTokenStore } from '../../lti/registration/registration-token-store.ts';
import type { Models } from '../models.ts';
import { hashSecret, newToken } from '../../core/tokens.ts';

/** The URL an administrator pastes into an LMS for dynamic registration carries one of these. */
export function createRegistrationTokenRepository(
  models: Models,
  now: () => Date = () => new Date(),
): RegistrationTokenStore {
  return {
    async issue(ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
      const token = newToken('reg');
      const expiresAt = new Date(now().getTime() + ttlMs);
      await models.RegistrationToken.create({ tokenHash: hashSecret(token), expiresAt });
      return { token, expiresAt };
    },

    /** True once per token, while it is unexpired; marks it used in the same step. */
    async redeem(token: string): Promise<boolean> {
      const [updated] = await models.RegistrationToken.update(
        { usedAt: now() },
        { where: { tokenHash: hashSecret(token), usedAt: null, expiresAt: { [Op.gt]: now() } } },
      );
      return updated === 1;
    },
  };
}
