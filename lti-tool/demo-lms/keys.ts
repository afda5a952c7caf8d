import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { randomUUID } from 'node:crypto';

export interface DemoSigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** A fresh RS256 key pair, published with its kid: how every simulated platform signs. */
export async function newSigningKey(): Promise<DemoSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** The demo LMS's own RSA key, created once and kept in DATA_DIR so its JWKS is stable across restarts. */
export async function loadOrCreateDemoKey(dataDir: string): Promise<DemoSigningKey> {
  const file = path.join(dataDir, 'demo-lms-key.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { kid: string; privateJwk: JWK; publicJwk: JWK };
    const privateKey = (await importJWK(stored.privateJwk, 'RS256')) as CryptoKey;
    return { kid: stored.kid, privateKey, publicJwk: stored.publicJwk };
  }
  const key = await newSigningKey();
  const privateJwk = { ...(await exportJWK(key.privateKey)), kid: key.kid, alg: 'RS256' };
  writeFileSync(file, JSON.stringify({ kid: key.kid, privateJwk, publicJwk: key.publicJwk }), {
    mode: 0o600,
  });
  return key;
}
