import type { ActionStep } from '../../../../shared/domain/coaching/action-step.ts';
import {
  securedPerRound,
  type CheckIn,
  type Reflection,
} from '../../../../shared/domain/coaching/practice.ts';
import type { HistoryResponse } from '../../../../shared/protocol/practice-api.ts';

export type HistoryRound = HistoryResponse['rounds'][number];

/** One dated thing a trainee did (or received) within a cycle. */
export type HistoryEntry =
  | { kind: 'round'; at: string; round: HistoryRound }
  | { kind: 'check-in'; at: string; checkIn: CheckIn }
  | { kind: 'reflection'; at: string; reflection: Reflection };

/** Criteria secured per round for one module within a cycle: what the timeline chart draws. */
export interface RoundChart {
  moduleId: string;
  moduleTitle: string;
  points: ReturnType<typeof securedPerRound>;
}

interface CycleBase {
  key: string;
  /** When the cycle started: the step's `setAt`, else its first entry. */
  startedAt: string;
  entries: HistoryEntry[];
  charts: RoundChart[];
}

/**
 * A coaching cycle: an action step and everything done while it was current; practice on a
 * module before any step was set; or check-ins and reflections from before the first step.
 */
export type Cycle =
  | (CycleBase & { kind: 'step'; step: ActionStep })
  | (CycleBase & { kind: 'module'; moduleId: string; moduleTitle: string })
  | (CycleBase & { kind: 'loose' });

const time = (iso: string) => Date.parse(iso);

function chartsFor(entries: readonly HistoryEntry[]): RoundChart[] {
  const byModule = new Map<string, { title: string; rounds: HistoryRound[] }>();
  for (const entry of entries) {
    if (entry.kind !== 'round') continue;
    const group = byModule.get(entry.round.moduleId) ?? { title: entry.round.moduleTitle, rounds: [] };
    group.rounds.push(entry.round);
    byModule.set(entry.round.moduleId, group);
  }
  return [...byModule].map(([moduleId, group]) => ({
    moduleId,
    moduleTitle: group.title,
    points: securedPerRound(group.rounds),
  }));
}

/**
 * Groups a trainee's history into cycles, oldest first, each with its entries in date order.
 * A step's cycle runs from its `setAt` until the next step is set; a check-in that names its
 * step belongs to that step whatever its date.
 */
export function groupIntoCycles(
  history: Pick<HistoryResponse, 'steps' | 'rounds' | 'checkIns' | 'reflections'>,
): Cycle[] {
  const steps = [...history.steps].sort((a, b) => time(a.setAt) - time(b.setAt));
  const stepEntries = new Map<string, HistoryEntry[]>(steps.map((step) => [step.id, []]));
  const moduleEntries = new Map<string, { title: string; entries: HistoryEntry[] }>();
  const loose: HistoryEntry[] = [];

  const stepAt = (at: string): ActionStep | null => {
    let found: ActionStep | null = null;
    for (const step of steps) if (time(step.setAt) <= time(at)) found = step;
    return found;
  };

  for (const round of history.rounds) {
    const entry: HistoryEntry = { kind: 'round', at: round.submittedAt, round };
    const step = stepAt(round.submittedAt);
    if (step) {
      stepEntries.get(step.id)?.push(entry);
      continue;
    }
    const group = moduleEntries.get(round.moduleId) ?? { title: round.moduleTitle, entries: [] };
    group.entries.push(entry);
    moduleEntries.set(round.moduleId, group);
  }
  for (const checkIn of history.checkIns) {
    const entry: HistoryEntry = { kind: 'check-in', at: checkIn.at, checkIn };
    const named = checkIn.actionStepId ? stepEntries.get(checkIn.actionStepId) : undefined;
    const target = named ?? stepEntries.get(stepAt(checkIn.at)?.id ?? '') ?? loose;
    target.push(entry);
  }
  for (const reflection of history.reflections) {
    const entry: HistoryEntry = { kind: 'reflection', at: reflection.writtenAt, reflection };
    (stepEntries.get(stepAt(reflection.writtenAt)?.id ?? '') ?? loose).push(entry);
  }

  const byDate = (entries: HistoryEntry[]) => entries.sort((a, b) => time(a.at) - time(b.at));
  const cycles: Cycle[] = [];
  for (const step of steps) {
    const entries = byDate(stepEntries.get(step.id) ?? []);
    cycles.push({
      kind: 'step',
      key: `step-${step.id}`,
      step,
      startedAt: step.setAt,
      entries,
      charts: chartsFor(entries),
    });
  }
  for (const [moduleId, group] of moduleEntries) {
    const entries = byDate(group.entries);
    cycles.push({
      kind: 'module',
      key: `module-${moduleId}`,
      moduleId,
      moduleTitle: group.title,
      startedAt: entries[0]!.at,
      entries,
      charts: chartsFor(entries),
    });
  }
  if (loose.length > 0) {
    const entries = byDate(loose);
    cycles.push({ kind: 'loose', key: 'loose', startedAt: entries[0]!.at, entries, charts: [] });
  }
  return cycles.sort((a, b) => time(a.startedAt) - time(b.startedAt));
}
