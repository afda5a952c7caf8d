/**
 * Skips a write that would store exactly what this process stored a moment ago. Launches
 * repeat the same course, link and person records; on SQLite each skipped upsert is a
 * read and a commit saved. Entries expire, so a record changed elsewhere is rewritten soon.
 */
export function createWriteMemo(options: { ttlMs?: number; now?: () => number; maxEntries?: number } = {}) {
  const ttl = options.ttlMs ?? 10 * 60 * 1000;
  const now = options.now ?? Date.now;
  const max = options.maxEntries ?? 50_000;
  const written = new Map<string, { value: string; at: number }>();

  return {
    async write(key: string, value: unknown, store: () => Promise<void>): Promise<void> {
      const serialised = JSON.stringify(value);
      const last = written.get(key);
      if (last && last.value === serialised && now() - last.at < ttl) return;
      await store();
      if (written.size >= max) written.clear();
      written.set(key, { value: serialised, at: now() });
    },
  };
}
export type WriteMemo = ReturnType<typeof createWriteMemo>;
