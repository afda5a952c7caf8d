import { createBaselineSchema } from './0001-baseline.ts';
import type { Migration } from './migration.ts';

/**
 * Until this migration, 0001 was `sync()` of models.ts, and every start ran `sync()` again after
 * the migrations: tables and indexes added to models.ts later (rate_limits, the keyset paging
 * indexes, the recent-feedback index) reached older databases that way. Starts no longer sync,
 * so this runs the baseline's statements once more (each IF NOT EXISTS): a database last started
 * by an older release gets what was added since, and any other database is left as it is.
 */
export const baselineCatchUp: Migration = {
  name: '0005-baseline-catch-up',
  up: ({ context }) => createBaselineSchema(context),
};
