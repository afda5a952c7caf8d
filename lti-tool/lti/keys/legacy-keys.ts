import type { Logger } from '../../core/logger.ts';
import type { PlatformStore } from '../platforms/platform-store.ts';
import type { LtijsKeyReader } from './provider.ts';
import type { ToolKeyStore } from './tool-key-store.ts';
import type { ToolKeys } from './tool-keys.ts';

/**
 * Carries over the signing keys ltijs made for platforms registered before our own key store:
 * the same kid and key, so an LMS that pinned our public key, or cached our JWKS, notices nothing.
 * Runs at start; opens ltijs only if some registered platform has no key of ours yet. A platform
 * ltijs has no key for gets a new one.
 */
export async function carryOverLegacyKeys(deps: {
  platforms: Pick<PlatformStore, 'list'>;
  store: Pick<ToolKeyStore, 'platformsWithKeys'>;
  keys: Pick<ToolKeys, 'importKey' | 'registerPlatform'>;
  openReader: () => Promise<LtijsKeyReader>;
  logger: Logger;
}): Promise<number> {
  const withKeys = new Set(
    (await deps.store.platformsWithKeys()).map((p) => `${p.issuer}\u0000${p.clientId}`),
  );
  const missing = (await deps.platforms.list()).filter(
    (p) => !withKeys.has(`${p.issuer}\u0000${p.clientId}`),
  );
  if (missing.length === 0) return 0;
  const reader = await deps.openReader();
  let carried = 0;
  try {
    for (const platform of missing) {
      const key = await reader.signingKey(platform);
      if (key) {
        await deps.keys.importKey(platform, { ...key, signing: true });
        carried += 1;
      } else {
        await deps.keys.registerPlatform(platform);
      }
    }
  } finally {
    await reader.close();
  }
  deps.logger.info('tool keys carried over from ltijs', { carried, platforms: missing.length });
  return carried;
}
