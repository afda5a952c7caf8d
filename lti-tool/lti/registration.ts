import type { NewPlatform, PlatformRecord, PlatformRepository } from '../db/repositories/platforms.ts';
import type { LtiProvider } from './provider.ts';

/**
 * Registers an LMS in both places that need it: our registry (which launches are
 * trusted, for which deployments) and ltijs (tool keys and service calls).
 */
export async function registerPlatform(
  deps: { platforms: PlatformRepository; lti: LtiProvider },
  platform: NewPlatform,
  deploymentIds: readonly string[],
): Promise<PlatformRecord> {
  const record = await deps.platforms.upsert(platform);
  for (const deploymentId of deploymentIds) await deps.platforms.addDeployment(record.id, deploymentId);
  await deps.lti.registerPlatform({
    issuer: platform.issuer,
    clientId: platform.clientId,
    name: platform.name,
    authUrl: platform.authUrl,
    tokenUrl: platform.tokenUrl,
    jwksUrl: platform.jwksUrl,
  });
  return record;
}
