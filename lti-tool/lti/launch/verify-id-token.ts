import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify } from 'jose';
import * as v from 'valibot';
import { describeIssues } from '../../../shared/domain/validation.ts';
import type { PlatformRecord } from '../platforms/platform-store.ts';
import { LaunchClaimsSchema, type LaunchClaims } from './claims.ts';
import { LaunchError } from './launch-error.ts';
import type { PlatformKeyCache } from '../keys/platform-keys.ts';
import { UnknownKeyError } from '../keys/platform-keys.ts';

export const CLOCK_SKEW_S = 90;
/** Platforms send the id_token within seconds of login; an older one is stale even if not expired. */
const MAX_TOKEN_AGE_S = 10 * 60;

export interface VerifyDeps {
  findPlatform(issuer: string, clientId: string): Promise<PlatformRecord | null>;
  keys: PlatformKeyCache;
}

export interface VerifiedLaunch {
  platform: PlatformRecord;
  claims: LaunchClaims;
  nonce: string;
  expiresAt: Date;
}

function unverifiedParts(idToken: string) {
  try {
    return { header: decodeProtectedHeader(idToken), payload: decodeJwt(idToken) };
  } catch {
    throw new LaunchError('not-a-jwt', 'The id_token is not a JWT.');
  }
}

/** Which client the token is for: one audience, or several with an `azp` naming one of them. */
function clientIdOf(aud: unknown, azp: unknown): string {
  const audiences =
    typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a) => typeof a === 'string') : [];
  if (audiences.length === 0) throw new LaunchError('bad-audience', 'The id_token has no audience.');
  if (azp !== undefined) {
    if (typeof azp !== 'string' || !audiences.includes(azp)) {
      throw new LaunchError('bad-audience', 'The id_token azp is not one of its audiences.');
    }
    return azp;
  }
  if (audiences.length > 1) throw new LaunchError('bad-audience', 'A multi-audience id_token must name azp.');
  return audiences[0]!;
}

/**
 * Verifies a launch id_token strictly: RS256 only, a known kid from the platform's
 * cached key set, iss/aud/azp, iat and exp present and within skew, then the LTI claims.
 */
export async function verifyIdToken(idToken: string, deps: VerifyDeps): Promise<VerifiedLaunch> {
  const { header, payload } = unverifiedParts(idToken);
  if (header.alg !== 'RS256')
    throw new LaunchError('bad-algorithm', `Algorithm ${String(header.alg)} is not accepted.`);
  if (!header.kid) throw new LaunchError('unknown-key', 'The id_token header has no kid.');
  if (typeof payload.iss !== 'string') throw new LaunchError('bad-claims', 'The id_token has no issuer.');
  const clientId = clientIdOf(payload.aud, payload.azp);
  const platform = await deps.findPlatform(payload.iss, clientId);
  if (!platform) {
    throw new LaunchError(
      'unregistered-platform',
      `No platform is registered for ${payload.iss} and this client id.`,
    );
  }

  let key: CryptoKey;
  try {
    key = await deps.keys.keyFor(platform.jwksUrl, header.kid);
  } catch (error) {
    if (error instanceof UnknownKeyError) throw new LaunchError('unknown-key', error.message);
    throw error;
  }

  let verified: Awaited<ReturnType<typeof jwtVerify>>;
  try {
    verified = await jwtVerify(idToken, key, {
      algorithms: ['RS256'],
      issuer: platform.issuer,
      audience: clientId,
      clockTolerance: CLOCK_SKEW_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ['iat', 'exp', 'nonce', 'sub'],
    });
  } catch (error) {
    if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
      throw new LaunchError('bad-signature', 'The id_token signature is not valid.');
    }
    if (error instanceof joseErrors.JWTExpired)
      throw new LaunchError('bad-time', 'The id_token has expired.');
    if (error instanceof joseErrors.JWTClaimValidationFailed) {
      const timing = ['iat', 'exp', 'nbf'].includes(error.claim);
      throw new LaunchError(timing ? 'bad-time' : 'bad-claims', `id_token ${error.claim}: ${error.message}`);
    }
    throw new LaunchError('bad-signature', 'The id_token could not be verified.');
  }

  const parsed = v.safeParse(LaunchClaimsSchema, verified.payload);
  if (!parsed.success)
    throw new LaunchError('bad-claims', `The launch is missing claims: ${describeIssues(parsed.issues)}`);
  const nonce = verified.payload.nonce;
  if (typeof nonce !== 'string' || nonce.length === 0)
    throw new LaunchError('nonce-mismatch', 'The id_token has no nonce.');
  return { platform, claims: parsed.output, nonce, expiresAt: new Date((verified.payload.exp ?? 0) * 1000) };
}
