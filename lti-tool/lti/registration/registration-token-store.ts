/** The URL an administrator pastes into an LMS for dynamic registration carries one of these. */
export interface RegistrationTokenStore {
  issue(ttlMs: number): Promise<{ token: string; expiresAt: Date }>;
  /** True once per token, while it is unexpired; marks it used in the same step. */
  redeem(token: string): Promise<boolean>;
}
