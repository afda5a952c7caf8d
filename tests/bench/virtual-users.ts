/**
 * Concurrent users for the scale and soak benches: `users` loops, each doing one request after
 * another (no think time) until `until()` says stop, every request timed and its outcome kept.
 */
import { percentile } from './launch-load.ts';
import { round } from './stats.ts';

export interface Sample {
  kind: string;
  ms: number;
  status: number;
  /** At what point of the run it ended, ms from its start. */
  at: number;
}

/** One request of `kind`; resolves to the HTTP status it got (0: no answer). */
export type Action = { kind: string; run: () => Promise<number> };

export async function runUsers(
  users: number,
  nextAction: (user: number, iteration: number) => Action | null,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      for (let iteration = 0; ; iteration += 1) {
        const action = nextAction(user, iteration);
        if (!action) return;
        const t0 = performance.now();
        let status: number;
        try {
          status = await action.run();
        } catch {
          status = 0;
        }
        const t1 = performance.now();
        samples.push({ kind: action.kind, ms: t1 - t0, status, at: t1 - started });
      }
    }),
  );
  return samples;
}

export interface KindFigures {
  kind: string;
  count: number;
  errors: number;
  /** How many of each non-2xx status (0: no answer). */
  errorStatuses: Record<string, number>;
  p50: number;
  p95: number;
}

/** p50/p95 of the successful samples of each kind, and how many were not 2xx. */
export function figuresByKind(samples: readonly Sample[]): KindFigures[] {
  const kinds = [...new Set(samples.map((sample) => sample.kind))];
  return kinds.map((kind) => {
    const mine = samples.filter((sample) => sample.kind === kind);
    const ok = mine.filter((sample) => sample.status >= 200 && sample.status < 300).map((s) => s.ms);
    const errorStatuses: Record<string, number> = {};
    for (const sample of mine)
      if (sample.status < 200 || sample.status >= 300)
        errorStatuses[sample.status] = (errorStatuses[sample.status] ?? 0) + 1;
    return {
      kind,
      count: mine.length,
      errors: mine.length - ok.length,
      errorStatuses,
      p50: round(percentile(ok, 50)),
      p95: round(percentile(ok, 95)),
    };
  });
}
