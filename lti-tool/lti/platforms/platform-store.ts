import type { PlatformRegistration } from './platform-registration.ts';

/** A registered LMS (issuer + client_id) as the tool keeps it. */
export interface PlatformRecord extends PlatformRegistration {
  id: string;
  grantedScopes?: string | null;
  /** Origins its services may be on beyond its endpoints' own (`--service-origin`). */
  serviceOrigins: string[];
}

export type NewPlatform = Omit<PlatformRecord, 'id' | 'serviceOrigins'> & {
  serviceOrigins?: readonly string[];
};

/** A registration for this issuer and client id exists already; nothing was changed. */
export class PlatformAlreadyRegisteredError extends Error {
  override name = 'PlatformAlreadyRegisteredError';
  constructor(
    readonly issuer: string,
    readonly clientId: string,
  ) {
    super(`A platform is already registered for ${issuer} with client id ${clientId}.`);
  }
}

/**
 * The registry of LMSs and their deployments that may launch the tool: the port every LTI
 * capability reads, implemented by db/repositories/platforms.ts.
 */
export interface PlatformStore {
  /**
   * Adds a platform that is not registered yet; never touches an existing one (throws
   * PlatformAlreadyRegisteredError), even when two registrations race.
   */
  create(platform: NewPlatform): Promise<PlatformRecord>;
  /** Undoes a create() whose registration could not be completed. */
  removeById(id: string): Promise<void>;
  /** Adds or updates by (issuer, client_id): the administrator's `platform add`, never a platform's. */
  upsert(platform: NewPlatform): Promise<PlatformRecord>;
  find(issuer: string, clientId: string): Promise<PlatformRecord | null>;
  byId(id: string): Promise<PlatformRecord | null>;
  withIssuer(issuer: string): Promise<PlatformRecord[]>;
  list(): Promise<(PlatformRecord & { deployments: string[] })[]>;
  remove(issuer: string, clientId: string): Promise<boolean>;
  addDeployment(platformId: string, deploymentId: string): Promise<void>;
  hasDeployment(platformId: string, deploymentId: string): Promise<boolean>;
}

/** What logins and launches read of the registry (cached-platforms.ts serves it from memory). */
export type PlatformLookup = Pick<PlatformStore, 'find' | 'withIssuer' | 'byId' | 'hasDeployment'>;
