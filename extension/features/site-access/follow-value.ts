/** A stored value that can be read and watched (a storage.ts item, or content-storage.ts's view). */
export interface FollowableValue<T> {
  getValue(): Promise<T>;
  watch(onChange: (value: T) => void): () => void;
}

/**
 * Calls `apply` with the stored value, then with every change, until `signal` aborts. It watches
 * before it reads, and a change that arrives while the read is on its way is newer than what the
 * read brings back, so that read is dropped. Resolves once the first value is known.
 */
export async function followValue<T>(
  item: FollowableValue<T>,
  apply: (value: T) => void,
  signal: AbortSignal,
): Promise<void> {
  if (signal.aborted) return;
  let changed = false;
  const unwatch = item.watch((value) => {
    changed = true;
    apply(value);
  });
  signal.addEventListener('abort', unwatch, { once: true });
  const value = await item.getValue();
  if (!signal.aborted && !changed) apply(value);
}
