import { createHash, createHmac, randomBytes, randomInt } from 'node:crypto';
import { PAIRING_CODE_ALPHABET } from '../../shared/protocol/api.ts';

/** Only hashes of credentials are stored: a leaked database grants no access. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export type TokenKind = 'ses' | 'dev' | 'reg' | 'dlr';

/** Prefixed so a token's kind is visible before any lookup (and in secret scanners). */
export function newToken(kind: TokenKind): string {
  return `${kind}_${randomBytes(32).toString('base64url')}`;
}

/**
 * The one token a session token may be swapped for: derived from it with the server's secret,
 * so a repeated swap (a retry, parallel tabs) names the same successor, and nobody without the
 * secret can work it out.
 */
export function successorToken(secret: string, token: string): string {
  return `ses_${createHmac('sha256', secret).update(`session-successor\u0000${token}`).digest('base64url')}`;
}

export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i += 1) code += PAIRING_CODE_ALPHABET[randomInt(PAIRING_CODE_ALPHABET.length)];
  return code;
}

/** A short stable key from parts: tenants and contexts are keyed this way. */
export function stableKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
}
