import type { PairedDevice } from '../../shared/protocol/api.ts';
import type { Principal } from './principal.ts';

export type DevicePrincipal = Extract<Principal, { kind: 'device' }>;

/**
 * Paired browser extensions: the codes a teacher shows and the revocable device tokens they are
 * traded for once (implemented by db/repositories/devices.ts).
 */
export interface DeviceStore {
  createPairingCode(owner: { tenant: string; userId: string; name: string | null }): Promise<{
    code: string;
    expiresAt: Date;
  }>;
  /** Trades a live code for a device token, once; an unknown, used or expired code is a 404. */
  redeem(code: string, label: string): Promise<{ deviceToken: string; teacherName: string }>;
  find(token: string): Promise<DevicePrincipal | null>;
  /** A teacher's connected browsers at one institution, newest first (never their tokens). */
  ofTeacher(owner: { tenant: string; userId: string }): Promise<PairedDevice[]>;
  /** Disconnects one of the owner's devices; false if they have no such (connected) device. */
  revokeOwn(owner: { tenant: string; userId: string }, deviceId: string): Promise<boolean>;
  revoke(deviceId: string): Promise<void>;
}
