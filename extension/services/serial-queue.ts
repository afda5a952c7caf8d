/**
 * Runs tasks one at a time, in call order. Messages arrive concurrently (popup, options,
 * several tabs, alarms), and pair/unpair/sync must not interleave their storage and DB writes.
 */
export function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return function run<T>(task: () => Promise<T>): Promise<T> {
    const result = tail.then(task, task);
    tail = result.catch(() => undefined);
    return result;
  };
}
