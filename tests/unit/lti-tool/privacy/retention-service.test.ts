import { describe, expect, it } from 'vitest';
import { createRetentionService } from '../../../../lti-tool/privacy/retention-service.ts';

describe('recording retention', () => {
  it('deletes what was stored more than the retention period before the injected clock’s now', async () => {
    const calls: { before: string; afterDays: number }[] = [];
    const released: string[] = [];
    const service = createRetentionService({
      store: {
        deleteRehearsalsBefore: async (before, afterDays) => {
          calls.push({ before: before.toISOString(), afterDays });
          return { deleted: 3, blobs: ['a'.repeat(64), 'b'.repeat(64)] };
        },
      },
      releaseBlobs: async (keys) => void released.push(...keys),
      retentionDays: 30,
      now: () => new Date('2026-03-31T12:00:00.000Z'),
      logger: { info: () => undefined, error: () => undefined },
    });
    expect(await service.applyDue()).toBe(3);
    expect(calls).toEqual([{ before: '2026-03-01T12:00:00.000Z', afterDays: 30 }]);
    // Their bytes go once no file keeps them.
    expect(released).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
  });
});
