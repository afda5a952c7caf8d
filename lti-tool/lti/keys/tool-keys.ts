/**
 * The tool's own signing keys, one RSA pair per platform at a time, rotated on demand
 * (key-rotation.ts): generated here, kept sealed with the tool's secret in our own table
 * (tool-key-store.ts), published at /lti/keys and used to sign deep-linking responses and
 * client assertions. ltijs 5.9.9's documented API cannot rotate a key, so this module owns the
 * whole job; keys ltijs made for earlier releases are carried over once (legacy-keys.ts).
 */
import {
  createCipheriv,
  createDecipheriv,
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { promisify } from 'node:util';
import type { RequestHandler } from 'express';
import { exportJWK, SignJWT, type JWTPayload } from 'jose';
import type { ToolKeyStore } from './tool-key-store.ts';

const generateRsaPair = promisify(generateKeyPair);

export type PlatformIds = { issuer: string; clientId: string };

export interface ToolKeys {
  /** Serves the tool's public key set (mount at /lti/keys). */
  readonly keys: RequestHandler;
  /** Gives a platform its first signing key, unless it has one. */
  registerPlatform(platform: PlatformIds): Promise<void>;
  /** The kid that signs the platform's messages now. */
  toolKeyId(platform: PlatformIds): Promise<string>;
  /** Publishes a new key for a platform beside the current one; returns its kid. Signing is unchanged. */
  addToolKey(platform: PlatformIds): Promise<string>;
  /** Signs with this (already published) key from now on. */
  useToolKey(platform: PlatformIds, kid: string): Promise<void>;
  /** Stops publishing a key. */
  removeToolKey(kid: string): Promise<void>;
  /** Signs as the tool with the platform's signing key: deep-linking responses, client assertions. */
  signAsTool(platform: PlatformIds, payload: JWTPayload): Promise<string>;
  /** Stores a key made elsewhere (an earlier release's), published and, if `signing`, signing. */
  importKey(
    platform: PlatformIds,
    key: { kid: string; privateKeyPem: string; signing: boolean },
  ): Promise<void>;
}

const SEAL_VERSION = 'v1';

/** AES-256-GCM under a key derived from the tool's secret: a copied database alone signs nothing. */
function sealer(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'coaching-tool-keys', SEAL_VERSION, 32));
  return {
    seal(plain: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [SEAL_VERSION, iv, cipher.getAuthTag(), sealed]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed: string): string {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== SEAL_VERSION || !iv || !tag || !data) throw new Error('Unreadable sealed tool key');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

export function createToolKeys(deps: { store: ToolKeyStore; secret: string }): ToolKeys {
  const { store } = deps;
  const { seal, open } = sealer(deps.secret);
  /** Private keys by kid: a kid never changes its key, so it is opened once per process. */
  const opened = new Map<string, KeyObject>();

  async function store_(platform: PlatformIds, kid: string, privateKey: KeyObject, signing: boolean) {
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const publicJwk = await exportJWK(createPublicKey(privateKey));
    return store.add({ kid, ...ids(platform), publicJwk, sealedPrivateKey: seal(pem), signing });
  }

  async function newKey(platform: PlatformIds, signing: boolean): Promise<string | null> {
    const { privateKey } = await generateRsaPair('rsa', { modulusLength: 2048 });
    const kid = randomBytes(16).toString('hex');
    return (await store_(platform, kid, privateKey, signing)) ? kid : null;
  }

  async function signingKey(platform: PlatformIds) {
    const key = await store.signing(platform);
    if (!key) throw new Error(`No tool key for ${platform.issuer} / ${platform.clientId}`);
    let privateKey = opened.get(key.kid);
    if (!privateKey) {
      privateKey = createPrivateKey(open(key.sealedPrivateKey));
      opened.set(key.kid, privateKey);
    }
    return { kid: key.kid, privateKey };
  }

  return {
    keys: (_req, res, next) => {
      store
        .published()
        .then((keys) => {
          res.json({
            keys: keys.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: 'RS256', use: 'sig' })),
          });
        })
        .catch(next);
    },

    async registerPlatform(platform) {
      if (await store.signing(platform)) return;
      // Another process may register the same platform at this moment: the store keeps one.
      await newKey(platform, true);
    },

    async toolKeyId(platform) {
      return (await signingKey(platform)).kid;
    },

    async addToolKey(platform) {
      const kid = await newKey(platform, false);
      if (!kid) throw new Error('A published key could not be stored');
      return kid;
    },

    useToolKey: (platform, kid) => store.useForSigning(ids(platform), kid),

    async removeToolKey(kid) {
      await store.remove(kid);
      opened.delete(kid);
    },

    async signAsTool(platform, payload) {
      const { kid, privateKey } = await signingKey(platform);
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' }).sign(privateKey);
    },

    async importKey(platform, key) {
      await store_(platform, key.kid, createPrivateKey(key.privateKeyPem), key.signing);
    },
  };
}

const ids = ({ issuer, clientId }: PlatformIds): PlatformIds => ({ issuer, clientId });

/**
 * Readiness: the tool's secret opens its signing keys (one platform's is enough: they are all
 * sealed with it). A database restored beside another secret fails here, not at the next launch.
 */
export async function keysOpen(store: ToolKeyStore, keys: ToolKeys): Promise<void> {
  const [platform] = await store.platformsWithKeys();
  if (platform) await keys.signAsTool(platform, { purpose: 'readiness' });
}
