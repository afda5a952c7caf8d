import type { KeyRotation, KeyRotationStore } from './key-rotation-store.ts';
import type { PlatformStore } from '../platforms/platform-store.ts';
import type { ToolKeys } from './tool-keys.ts';

/** After signing switched, the old key stays published this long, for messages signed just before. */
export const RETIRE_AFTER_SWITCH_MS = 60 * 60 * 1000;

/**
 * Tool key rotation (tool-keys.ts owns the keys; ltijs 5.9.9 could not rotate them): the new key is published at once beside the
 * old one, so platforms that cache our JWKS see it first; signing switches after the overlap.
 */
export function createKeyRotation(deps: {
  lti: Pick<ToolKeys, 'toolKeyId' | 'addToolKey' | 'useToolKey' | 'removeToolKey'>;
  platforms: PlatformStore;
  rotations: KeyRotationStore;
  now: () => Date;
}) {
  return {
    async rotate(overlapMs: number): Promise<Omit<KeyRotation, 'id' | 'state'>[]> {
      const scheduled: Omit<KeyRotation, 'id' | 'state'>[] = [];
      for (const platform of await deps.platforms.list()) {
        const oldKid = await deps.lti.toolKeyId(platform);
        const newKid = await deps.lti.addToolKey(platform);
        const switchAt = new Date(deps.now().getTime() + overlapMs);
        const rotation = {
          issuer: platform.issuer,
          clientId: platform.clientId,
          oldKid,
          newKid,
          switchAt,
          retireAt: new Date(switchAt.getTime() + RETIRE_AFTER_SWITCH_MS),
        };
        await deps.rotations.add(rotation);
        scheduled.push(rotation);
      }
      return scheduled;
    },

    /** Switches and retires whatever is due; safe to run often and from several processes. */
    async applyDue(): Promise<{ switched: number; retired: number }> {
      const now = deps.now();
      let switched = 0;
      let retired = 0;
      for (const rotation of await deps.rotations.dueToSwitch(now)) {
        await deps.lti.useToolKey(rotation, rotation.newKid);
        await deps.rotations.setState(rotation.id, 'switched');
        switched += 1;
      }
      for (const rotation of await deps.rotations.dueToRetire(now)) {
        await deps.lti.removeToolKey(rotation.oldKid);
        await deps.rotations.setState(rotation.id, 'retired');
        retired += 1;
      }
      return { switched, retired };
    },
  };
}
export type KeyRotationService = ReturnType<typeof createKeyRotation>;
