import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

export interface DemoSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** The demo LMS's own RSA key, created once and kept in DATA_DIR so its JWKS is stable across restarts. */
export async function loadOrCreateDemoKey(dataDir: string): Promise<DemoSigningKey> {
  const file = path.join(dataDir, 'demo-lms-key.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { kid: string; privateJwk: JWK; publicJwk: JWK };
    const privateKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
    return { kid: stored.kid, privateKey, publicJwk: stored.publicJwk };
  }
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256' };
  writeFileSync(file, JSON.stringify({ kid, privateJwk, publicJwk }), { mode: 0o600 });
  return { kid, privateKey, publicJwk };
}
