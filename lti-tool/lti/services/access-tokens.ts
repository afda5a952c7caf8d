import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import * as v from 'valibot';
import type { PlatformHttp, PlatformOrigins } from './platform-fetch.ts';

const TokenAnswerSchema = v.looseObject({
  access_token: v.pipe(v.string(), v.nonEmpty()),
  expires_in: v.optional(v.pipe(v.number(), v.minValue(0))),
});

/** The platform's token endpoint would not give us a token. */
export class AccessTokenError extends Error {
  override name = 'AccessTokenError';
  constructor(
    message: string,
    readonly retriable: boolean,
  ) {
    super(message);
  }
}

export interface AccessTokenDeps {
  http: Pick<PlatformHttp, 'request'>;
  /** Signs as the tool with its key for this platform (ltijs keeps the tool's keys). */
  sign(platform: { issuer: string; clientId: string }, payload: JWTPayload): Promise<string>;
  now?: () => number;
}

/** A token is used until this long before the platform says it expires. */
const EXPIRY_MARGIN_MS = 60_000;
/** When the platform does not say (expires_in is RECOMMENDED, not required). */
const DEFAULT_LIFETIME_S = 3600;

/**
 * OAuth2 client-credentials grant with a signed client assertion (LTI Security Framework,
 * `private_key_jwt`), through the guarded platform fetch: the token endpoint is the registered
 * one. Tokens are kept per platform and scopes until shortly before they expire, and concurrent
 * requests for the same one share a single call.
 */
export function createAccessTokens(deps: AccessTokenDeps) {
  const now = deps.now ?? Date.now;
  const cache = new Map<string, { token: string; expiresAt: number }>();
  const pending = new Map<string, Promise<string>>();

  async function requestToken(platform: PlatformOrigins, scopes: readonly string[], key: string) {
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await deps.sign(platform, {
      iss: platform.clientId,
      sub: platform.clientId,
      aud: platform.tokenUrl,
      iat: issuedAt,
      exp: issuedAt + 60,
      jti: randomUUID(),
    });
    const response = await deps.http.request(platform.tokenUrl, {
      method: 'POST',
      platform,
      purpose: 'token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
        scope: scopes.join(' '),
      }).toString(),
      maxBytes: 64 * 1024,
    });
    if (!response.ok) {
      const retriable = response.status >= 500 || response.status === 429 || response.status === 408;
      throw new AccessTokenError(`The platform's token endpoint answered ${response.status}.`, retriable);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new AccessTokenError("The platform's token endpoint did not answer JSON.", false);
    }
    const answer = v.safeParse(TokenAnswerSchema, json);
    if (!answer.success)
      throw new AccessTokenError("The platform's token endpoint sent no access token.", false);
    const lifetimeMs = (answer.output.expires_in ?? DEFAULT_LIFETIME_S) * 1000;
    cache.set(key, {
      token: answer.output.access_token,
      expiresAt: now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS),
    });
    return answer.output.access_token;
  }

  return {
    /** A bearer token for these scopes at this platform. Throws AccessTokenError or PlatformFetchError. */
    token(platform: PlatformOrigins, scopes: readonly string[]): Promise<string> {
      const key = [platform.issuer, platform.clientId, platform.tokenUrl, ...[...scopes].sort()].join(
        '\u0000',
      );
      const hit = cache.get(key);
      if (hit && hit.expiresAt > now()) return Promise.resolve(hit.token);
      const running = pending.get(key);
      if (running) return running;
      const promise = requestToken(platform, scopes, key).finally(() => pending.delete(key));
      pending.set(key, promise);
      return promise;
    },
  };
}
export type AccessTokens = ReturnType<typeof createAccessTokens>;
