import { Op, UniqueConstraintError } from 'sequelize';
import type { CoachKey, DigestSubscriber, ReminderSettingsStore } from '../../reminders/ports.ts';
import type { CoachReminderRow, Models } from '../models.ts';

/** Coaches' reminder settings (table coach_reminders, migration 0008). */
export function createCoachReminderRepository(models: Models): ReminderSettingsStore {
  const where = (coach: CoachKey) => ({
    tenant: coach.tenant,
    contextKey: coach.contextKey,
    coachId: coach.coachId,
  });

  /** Updates the coach's row, making it (digest off) first if there is none. */
  async function change(coach: CoachKey, values: Partial<CoachReminderRow['_creationAttributes']>) {
    const [updated] = await models.CoachReminder.update(values, { where: where(coach) });
    if (updated > 0) return;
    try {
      await models.CoachReminder.create({ ...where(coach), email: null, digest: 'off', ...values });
    } catch (error) {
      // Made by a request at the same moment: update it as it is now.
      if (!(error instanceof UniqueConstraintError)) throw error;
      await models.CoachReminder.update(values, { where: where(coach) });
    }
  }

  return {
    async get(coach) {
      const row = await models.CoachReminder.findOne({ where: where(coach) });
      return row
        ? {
            email: row.email,
            digest: row.digest,
            hasFeed: row.feedTokenHash !== null,
            lastDigestAt: row.lastDigestAt,
          }
        : null;
    },

    async save(coach, { email, digest, lastDigestAt }) {
      await change(coach, { email, digest, ...(lastDigestAt ? { lastDigestAt } : {}) });
    },

    async setFeedTokenHash(coach, tokenHash) {
      await change(coach, { feedTokenHash: tokenHash });
    },

    async coachOfFeed(tokenHash) {
      const row = await models.CoachReminder.findOne({ where: { feedTokenHash: tokenHash } });
      return row ? { tenant: row.tenant, contextKey: row.contextKey, coachId: row.coachId } : null;
    },

    async subscribers() {
      const rows = await models.CoachReminder.findAll({
        where: { digest: { [Op.in]: ['daily', 'weekly'] }, email: { [Op.ne]: null } },
        order: [
          ['tenant', 'ASC'],
          ['contextKey', 'ASC'],
          ['coachId', 'ASC'],
        ],
      });
      return rows.flatMap((row): DigestSubscriber[] =>
        row.email !== null && row.digest !== 'off'
          ? [
              {
                tenant: row.tenant,
                contextKey: row.contextKey,
                coachId: row.coachId,
                email: row.email,
                digest: row.digest,
                lastDigestAt: row.lastDigestAt,
              },
            ]
          : [],
      );
    },

    async claimDigest(coach, digest, periodStart, at) {
      const [claimed] = await models.CoachReminder.update(
        { lastDigestAt: at },
        {
          where: {
            ...where(coach),
            digest,
            email: { [Op.ne]: null },
            [Op.or]: [{ lastDigestAt: null }, { lastDigestAt: { [Op.lt]: periodStart } }],
          },
        },
      );
      return claimed === 1;
    },

    async releaseDigest(coach, claimedAt, previous) {
      await models.CoachReminder.update(
        { lastDigestAt: previous },
        { where: { ...where(coach), lastDigestAt: claimedAt } },
      );
    },
  };
}
