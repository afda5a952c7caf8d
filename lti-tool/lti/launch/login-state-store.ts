/** How long a login may take between our OIDC login response and the platform's launch. */
export const LOGIN_STATE_TTL_MS = 10 * 60 * 1000;

export interface LoginStateRecord {
  state: string;
  nonce: string;
  platformId: string;
  relaunchQuery: string;
  expiresAt: Date;
}

/** OIDC login state and nonce: issued by our login, consumed once by the launch. */
export interface LoginStateStore {
  create(record: Omit<LoginStateRecord, 'expiresAt'>): Promise<void>;
  /** Reads a live state without using it up (a platform-storage launch completes in a second request). */
  peek(state: string): Promise<LoginStateRecord | null>;
  /** Returns the state once and deletes it, atomically across processes; then, or once expired, null. */
  consume(state: string): Promise<LoginStateRecord | null>;
  /** Records a nonce until its token expires; false if it was already used. */
  useNonce(nonce: string, expiresAt: Date): Promise<boolean>;
  purgeExpired(): Promise<void>;
}
