import * as v from 'valibot';
import type { ActionStep } from '../../../shared/domain/coaching/action-step.ts';
import type { Clock } from '../../../shared/data/ports.ts';
import { systemClock } from '../../../shared/data/ports.ts';
import { reportError } from '../../errors.ts';
import { criteriaTicksItem } from '../../storage.ts';
import { localDay } from '../../../shared/domain/coaching/calendar-days.ts';

const TicksSchema = v.object({
  day: v.string(),
  stepId: v.string(),
  ticked: v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
});

/** "Today" ticks against the step's success criteria. Local only: never sent, reset each day. */
export class CriteriaChecklistState {
  #ticks = $state<{ day: string; stepId: string; ticked: number[] } | null>(null);
  readonly #clock: Clock;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  connect(signal: AbortSignal): void {
    if (signal.aborted) return;
    const unwatch = criteriaTicksItem.watch(() => void this.#load());
    signal.addEventListener('abort', unwatch, { once: true });
    void this.#load();
  }

  async #load(): Promise<void> {
    const parsed = v.safeParse(TicksSchema, await criteriaTicksItem.getValue());
    this.#ticks = parsed.success ? parsed.output : null;
  }

  isTicked(step: ActionStep, index: number): boolean {
    const ticks = this.#ticks;
    return (
      ticks !== null &&
      ticks.stepId === step.id &&
      ticks.day === localDay(this.#clock.now()) &&
      ticks.ticked.includes(index)
    );
  }

  async toggle(step: ActionStep, index: number, checked: boolean): Promise<void> {
    const day = localDay(this.#clock.now());
    const current = this.#ticks?.stepId === step.id && this.#ticks.day === day ? this.#ticks.ticked : [];
    const ticked = checked
      ? [...current.filter((i) => i !== index), index].sort((a, b) => a - b)
      : current.filter((i) => i !== index);
    const next = { day, stepId: step.id, ticked };
    this.#ticks = next;
    try {
      // A plain copy: chrome.storage cannot clone a $state proxy (an array would arrive as an object).
      await criteriaTicksItem.setValue($state.snapshot(next));
    } catch (error) {
      reportError('criteria ticks', error);
    }
  }
}
