import { requestJson } from '../../shared/data/http-request.ts';
import { API, SessionRefreshResponseSchema } from '../../shared/protocol/api.ts';
import type { Bootstrap } from './bootstrap.ts';

/** Sessions last two hours; swapping the token every 30 minutes keeps an open page working all day. */
export const REFRESH_EVERY_MS = 30 * 60 * 1000;

/**
 * Replaces `bootstrap.sessionToken` with a fresh one before it expires. API calls read the
 * token from the bootstrap on every request (see api.ts), so they pick the new one up.
 */
export function keepSessionFresh(
  bootstrap: Bootstrap,
  options: { signal: AbortSignal; fetch?: typeof fetch; everyMs?: number },
): void {
  const refresh = async () => {
    try {
      const fresh = await requestJson(
        {
          baseUrl: bootstrap.publicUrl,
          token: () => bootstrap.sessionToken,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        },
        API.sessionRefresh,
        { method: 'POST', signal: options.signal },
        SessionRefreshResponseSchema,
      );
      bootstrap.sessionToken = fresh.sessionToken;
    } catch {
      // Offline or expired: the next API call shows the person what to do.
    }
  };
  const timer = setInterval(() => void refresh(), options.everyMs ?? REFRESH_EVERY_MS);
  options.signal.addEventListener('abort', () => clearInterval(timer), { once: true });
}
