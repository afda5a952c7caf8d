/** Why a launch was refused. The reason is shown to the person as a reference and logged. */
export type LaunchFailureReason =
  | 'bad-request'
  | 'unregistered-platform'
  | 'unregistered-deployment'
  | 'state-mismatch'
  | 'state-cookie-missing'
  | 'not-a-jwt'
  | 'bad-algorithm'
  | 'unknown-key'
  | 'bad-signature'
  | 'bad-audience'
  | 'bad-time'
  | 'nonce-mismatch'
  | 'nonce-replayed'
  | 'bad-claims'
  | 'rate-limited';

export class LaunchError extends Error {
  override name = 'LaunchError';
  constructor(
    readonly reason: LaunchFailureReason,
    message: string,
    /** Where a "try again in a new window" link should point, when that can help. */
    readonly relaunchUrl: string | null = null,
  ) {
    super(message);
  }
}
