import type { JWK } from 'jose';

/** One of the tool's RSA key pairs for a platform, as stored: the private half encrypted. */
export interface ToolKeyRecord {
  kid: string;
  issuer: string;
  clientId: string;
  /** The public key, as the JWKS at /lti/keys publishes it (without kid, alg and use). */
  publicJwk: JWK;
  /** The private key (PKCS#8 PEM), sealed with the tool's secret (tool-keys.ts). */
  sealedPrivateKey: string;
  /** The key that signs for this platform now; at most one per platform. */
  signing: boolean;
}

/** The tool's keys, published and signing (implemented by db/repositories/tool-keys.ts). */
export interface ToolKeyStore {
  /**
   * Stores a key. A second signing key for a platform is refused (returns false, nothing
   * stored), so two processes registering one platform at once end with one.
   */
  add(key: ToolKeyRecord): Promise<boolean>;
  signing(platform: { issuer: string; clientId: string }): Promise<ToolKeyRecord | null>;
  /** Makes `kid` the platform's signing key, and no other, in one step. */
  useForSigning(platform: { issuer: string; clientId: string }, kid: string): Promise<void>;
  remove(kid: string): Promise<void>;
  /** Every key that is published: what /lti/keys serves. */
  published(): Promise<Pick<ToolKeyRecord, 'kid' | 'publicJwk'>[]>;
  /** Platforms (issuer, client id) that have at least one key. */
  platformsWithKeys(): Promise<{ issuer: string; clientId: string }[]>;
}
