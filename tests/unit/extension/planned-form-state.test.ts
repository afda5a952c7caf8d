import { describe, expect, it } from 'vitest';
import {
  PlannedFormState,
  type CheckInStore,
} from '../../../extension/components/planned-form/planned-form-state.svelte.ts';
import type { StoredCheckIn } from '../../../shared/domain/coaching/stored-check-in.ts';
import type { OverviewState } from '../../../extension/state/overview-state.svelte.ts';

/** A store the test moves on by hand, as the background would once it sends a tick. */
function fakeStore() {
  const entries: StoredCheckIn[] = [];
  let notify = () => {};
  let adds = 0;
  const store: CheckInStore = {
    async add(input) {
      adds += 1;
      const entry: StoredCheckIn = {
        id: `check-in-${String(adds).padStart(4, '0')}`,
        actionStepId: input.actionStepId,
        note: input.note,
        at: '2026-12-02T09:00:00.000Z',
        state: 'pending',
      };
      entries.unshift(entry);
      return entry;
    },
    read: async () => [...entries],
    watch(callback) {
      notify = callback;
      return () => {};
    },
  };
  return { store, entries, adds: () => adds, changed: () => notify() };
}

const overview = { step: null } as unknown as OverviewState;

describe('"I planned for this"', () => {
  it('says where the tick stands: waiting offline, then that the coach has it once sent', async () => {
    const { store, entries, changed } = fakeStore();
    let online = false;
    const form = new PlannedFormState(overview, store, () => online);
    form.connect(new AbortController().signal);
    await form.submit();
    expect(form.status).toBe('Ticked: planned for this. It goes to your coach when you are back online.');
    online = true;
    expect(form.status).toBe('Ticked: planned for this. Sending it to your coach…');
    entries[0]!.state = 'sent';
    changed();
    await expect.poll(() => form.status).toBe('Ticked: planned for this. Your coach has it.');
  });

  it('keeps one tick for a double press', async () => {
    const { store, adds } = fakeStore();
    const form = new PlannedFormState(overview, store, () => true);
    await Promise.all([form.submit(), form.submit()]);
    expect(adds()).toBe(1);
  });
});
