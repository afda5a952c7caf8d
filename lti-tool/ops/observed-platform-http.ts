import type { PlatformHttp } from '../lti/services/platform-fetch.ts';
import type { Metrics } from './metrics.ts';

/**
 * Counts every call to a platform by purpose and outcome (`coaching_platform_requests_total`;
 * purpose "jwks" is the key-set fetches): `ok`, `http-4xx`/`http-5xx`, or why it was not made or
 * failed (refused, timeout, unreachable).
 */
export function observedPlatformHttp(
  http: PlatformHttp,
  metrics: Pick<Metrics, 'platformRequest'>,
): PlatformHttp {
  return {
    ...http,
    async request(url, init) {
      try {
        const response = await http.request(url, init);
        metrics.platformRequest(
          init.purpose,
          response.ok ? 'ok' : `http-${Math.floor(response.status / 100)}xx`,
        );
        return response;
      } catch (error) {
        const reason = (error as { reason?: unknown }).reason;
        metrics.platformRequest(init.purpose, typeof reason === 'string' ? reason : 'error');
        throw error;
      }
    },
  };
}
