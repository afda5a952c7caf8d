/**
 * A closed-loop load: N workers, each starting its next launch as soon as the last one ends,
 * until a launch count or a time limit is reached. Every launch is timed; failures are counted,
 * never thrown (a benchmark measures, it does not assert).
 */

export interface LoadResult {
  concurrency: number;
  launches: number;
  errors: number;
  firstError: string | null;
  wallMs: number;
  /** Latencies of the launches that succeeded, in ms, in completion order. */
  latencies: number[];
}

export interface LoadOptions {
  concurrency: number;
  launches: number;
  /** Stop starting new launches after this long. */
  maxMs: number;
  /** Launch number i (0-based, unique within the run). */
  launch(index: number): Promise<void>;
  /** Called after each completed launch (success or failure) with the count so far. */
  onCompleted?(completed: number): void;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | null = null;
  const start = performance.now();
  const deadline = start + options.maxMs;

  async function worker(): Promise<void> {
    while (next < options.launches && performance.now() < deadline) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      try {
        await options.launch(index);
        latencies.push(performance.now() - t0);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
      completed += 1;
      options.onCompleted?.(completed);
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  return {
    concurrency: options.concurrency,
    launches: completed,
    errors,
    firstError,
    wallMs: performance.now() - start,
    latencies,
  };
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** Successful launches per second of wall time. */
export const throughput = (result: LoadResult) => (result.latencies.length * 1000) / result.wallMs;
