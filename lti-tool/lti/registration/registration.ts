import type { NewPlatform, PlatformRecord, PlatformStore } from '../platforms/platform-store.ts';
import type { ToolKeys } from '../keys/tool-keys.ts';

type RegistrationDeps = { platforms: PlatformStore; lti: Pick<ToolKeys, 'registerPlatform'> };

const endpointsOf = (platform: NewPlatform) => ({
  issuer: platform.issuer,
  clientId: platform.clientId,
  name: platform.name,
  authUrl: platform.authUrl,
  tokenUrl: platform.tokenUrl,
  jwksUrl: platform.jwksUrl,
});

/**
 * The administrator's registration (`npm run lti -- platform add`, the demo LMS): adds the LMS or
 * changes its registration, in both places that need it: our registry (which launches are
 * trusted, for which deployments) and ltijs (the tool's keys for it).
 */
export async function registerPlatform(
  deps: RegistrationDeps,
  platform: NewPlatform,
  deploymentIds: readonly string[],
): Promise<PlatformRecord> {
  const record = await deps.platforms.upsert(platform);
  for (const deploymentId of deploymentIds) await deps.platforms.addDeployment(record.id, deploymentId);
  await deps.lti.registerPlatform(endpointsOf(platform));
  return record;
}

/**
 * A registration a platform asked for (dynamic registration): only ever a new one. An existing
 * issuer + client id is never changed (PlatformAlreadyRegisteredError), and ltijs only hears of
 * a platform our registry has just created.
 */
export async function registerNewPlatform(
  deps: RegistrationDeps,
  platform: NewPlatform,
  deploymentIds: readonly string[],
): Promise<PlatformRecord> {
  const record = await deps.platforms.create(platform);
  try {
    for (const deploymentId of deploymentIds) await deps.platforms.addDeployment(record.id, deploymentId);
    await deps.lti.registerPlatform(endpointsOf(platform));
  } catch (error) {
    // Half a registration is none: a retry must find the issuer and client id free again.
    await deps.platforms.removeById(record.id);
    throw error;
  }
  return record;
}
