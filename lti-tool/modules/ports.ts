import type { CoachingModule, ModuleContent, ModuleDefinition } from '../../shared/domain/coaching/module.ts';

/**
 * An institution's own modules (starter modules are not stored: they come with the tool);
 * implemented by db/repositories/modules.ts.
 */
export interface ModuleStore {
  get(tenant: string, id: string): Promise<CoachingModule | null>;
  /** All of an institution's modules, by id. */
  list(tenant: string): Promise<CoachingModule[]>;
  /** An institution's modules by id, `limit` of them after `afterId` (the store's order of ids). */
  listAfter(tenant: string, afterId: string | null, limit: number): Promise<CoachingModule[]>;
  /** A new module; a 409 if this institution already has one with that id. */
  create(tenant: string, module: ModuleDefinition, createdBy: string): Promise<CoachingModule>;
  /**
   * An edit made against `expectedVersion`: saved as the next version; a 409 if someone saved
   * in between, a 404 if there is no such module.
   */
  update(
    tenant: string,
    id: string,
    content: ModuleContent,
    expectedVersion: number,
  ): Promise<CoachingModule>;
  /** A file's modules: all of them stored (new ones created, others updated), or none. */
  saveAll(
    tenant: string,
    modules: readonly ModuleDefinition[],
    createdBy: string,
  ): Promise<{ module: CoachingModule; created: boolean }[]>;
}
