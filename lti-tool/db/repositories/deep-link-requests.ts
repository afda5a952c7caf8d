import type { DeepLinkingRequest } from '../../lti/deep-linking/deep-linking.ts';
import {
  DEEP_LINK_TTL_MS,
  type DeepLinkRequestStore,
} from '../../lti/deep-linking/deep-link-request-store.ts';
import type { DeepLinkRequestRow, Models } from '../models.ts';
import { hashSecret, newToken } from '../../core/tokens.ts';

/** Deep-linking requests between the launch and the instructor's pick; each answered once. */
export function createDeepLinkRequestRepository(
  models: Models,
  now: () => Date = () => new Date(),
): DeepLinkRequestStore {
  /** The stored request unless it has expired. */
  const openRequestOf = (row: DeepLinkRequestRow): DeepLinkingRequest | null =>
    row.expiresAt <= now() ? null : row.request;
  return {
    async open(request: DeepLinkingRequest): Promise<string> {
      const token = newToken('dlr');
      await models.DeepLinkRequest.create({
        tokenHash: hashSecret(token),
        request,
        expiresAt: new Date(now().getTime() + DEEP_LINK_TTL_MS),
      });
      return token;
    },

    /** The request, if still open, without answering it (the picker's search re-renders with it). */
    async peek(token: string): Promise<DeepLinkingRequest | null> {
      const row = await models.DeepLinkRequest.findByPk(hashSecret(token));
      if (!row) return null;
      return openRequestOf(row);
    },

    /** The request, once; deleted as it is returned, so a pick cannot be replayed. */
    async take(token: string): Promise<DeepLinkingRequest | null> {
      const row = await models.DeepLinkRequest.findByPk(hashSecret(token));
      if (!row) return null;
      const deleted = await models.DeepLinkRequest.destroy({ where: { tokenHash: hashSecret(token) } });
      return deleted === 1 ? openRequestOf(row) : null;
    },
  };
}
