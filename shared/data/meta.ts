import * as v from 'valibot';
import type { CoachingDb } from './db.ts';

/** Typed keys of the `meta` store; every value is re-validated when read. */
export const MetaSchemas = {
  cursor: v.string(),
  lastSyncedAt: v.string(),
  lastRejection: v.string(),
} as const;
export type MetaKey = keyof typeof MetaSchemas;
export type MetaValue<K extends MetaKey> = v.InferOutput<(typeof MetaSchemas)[K]>;

export async function readMeta<K extends MetaKey>(db: CoachingDb, key: K): Promise<MetaValue<K> | null> {
  const result = v.safeParse(MetaSchemas[key], await db.get('meta', key));
  return result.success ? (result.output as MetaValue<K>) : null;
}

export async function writeMeta<K extends MetaKey>(
  db: CoachingDb,
  key: K,
  value: MetaValue<K>,
): Promise<void> {
  await db.put('meta', value, key);
}
