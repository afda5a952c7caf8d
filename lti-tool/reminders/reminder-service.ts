import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Logger } from '../core/logger.ts';
import { hashSecret } from '../core/tokens.ts';
import { buildCalendarFeed, FEED_DAYS_AHEAD, FEED_DAYS_BACK } from './calendar-feed.ts';
import { addDays, dayOf } from '../../shared/domain/coaching/calendar-days.ts';
import { composeDigest, periodOf } from './digest.ts';
import type { Mailer } from './mailer.ts';
import type { CoachAgendaSource, CoachKey, DigestFrequency, ReminderSettingsStore } from './ports.ts';

const EMAIL = v.pipe(v.string(), v.email());

/** What a coach may set: an address (null or "" clears it) and how often the digest comes. */
export const ReminderSettingsInputSchema = v.object({
  email: v.nullable(
    v.pipe(
      v.string('email must be text'),
      v.trim(),
      v.maxLength(254, 'email is too long'),
      v.check(
        (email) => email === '' || v.is(EMAIL, email),
        'email must be an email address, like name@school.org',
      ),
      v.transform((email) => email || null),
    ),
  ),
  digest: v.picklist(['off', 'daily', 'weekly'], 'digest must be off, daily or weekly'),
});
type ReminderSettingsInput = v.InferOutput<typeof ReminderSettingsInputSchema>;

/** A coach's reminder settings as the API shows them. */
export interface ReminderSettingsView {
  email: string | null;
  digest: DigestFrequency;
  /** Whether this server can send email at all (SMTP_URL is set); without it there is no digest. */
  mail: boolean;
  /** Whether a calendar feed link exists; the link itself is shown once, when it is made. */
  feed: { exists: boolean };
}

/** A feed token: 32 random bytes, base64url. Only its hash is stored. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface ReminderServiceDeps {
  store: ReminderSettingsStore;
  agenda: CoachAgendaSource;
  /** Null when SMTP_URL is unset: digests are off. */
  mailer: Mailer | null;
  /** The course's title, for subjects and the calendar's name. */
  courseTitle: (contextKey: string) => Promise<string | null>;
  /** Where feed links point: the tool's public origin. */
  publicUrl: string;
  now: () => Date;
  logger: Logger;
}

/**
 * Reminders for coaches: an opt-in email digest (daily or weekly) of check-backs due, rounds
 * waiting and new check-ins, and a private calendar feed of check-backs and planned observations.
 */
export function createReminderService(deps: ReminderServiceDeps) {
  const { store } = deps;

  async function settingsOf(coach: CoachKey): Promise<ReminderSettingsView> {
    const stored = await store.get(coach);
    return {
      email: stored?.email ?? null,
      digest: stored?.digest ?? 'off',
      mail: deps.mailer !== null,
      feed: { exists: stored?.hasFeed ?? false },
    };
  }

  const feedUrl = (token: string) => `${deps.publicUrl}/calendar/${token}.ics`;

  return {
    settingsOf,

    /**
     * Sets the address and the digest. Opting in starts the periods now: the first digest is
     * the next day's (daily) or the next Monday's (weekly).
     */
    async update(coach: CoachKey, input: ReminderSettingsInput): Promise<ReminderSettingsView> {
      if (input.digest !== 'off' && deps.mailer === null) {
        throw new DomainError(
          'conflict',
          'Email digests are not available: this server has no mail settings (SMTP_URL). The calendar feed works without them.',
        );
      }
      if (input.digest !== 'off' && input.email === null) {
        throw new DomainError('invalid-input', 'Add an email address to get a digest.');
      }
      const before = await store.get(coach);
      const optingIn = input.digest !== 'off' && (before?.digest ?? 'off') === 'off';
      await store.save(coach, { ...input, ...(optingIn ? { lastDigestAt: deps.now() } : {}) });
      return settingsOf(coach);
    },

    /** A new private feed link; any earlier link stops working. The link is only ever shown here. */
    async newFeed(coach: CoachKey): Promise<{ url: string }> {
      const token = randomBytes(32).toString('base64url');
      await store.setFeedTokenHash(coach, hashSecret(token));
      return { url: feedUrl(token) };
    },

    async revokeFeed(coach: CoachKey): Promise<void> {
      await store.setFeedTokenHash(coach, null);
    },

    /** The iCalendar text of the feed `token` opens; null for a token that is no feed's (unknown or revoked). */
    async feedFor(token: string): Promise<string | null> {
      if (!FEED_TOKEN.test(token)) return null;
      const coach = await store.coachOfFeed(hashSecret(token));
      if (!coach) return null;
      const now = deps.now();
      const today = dayOf(now);
      const agenda = await deps.agenda.agendaFor(coach, {
        from: addDays(today, -FEED_DAYS_BACK),
        to: addDays(today, FEED_DAYS_AHEAD),
        since: now,
      });
      const course = await deps.courseTitle(coach.contextKey);
      return buildCalendarFeed({
        coach,
        agenda,
        name: course ? `Coaching: ${course}` : 'Coaching',
        domain: new URL(deps.publicUrl).hostname,
        now,
      });
    },

    /**
     * Sends each opted-in coach's digest that is due: at most one a period, whatever the number
     * of ticks or processes. Each is claimed before it is sent (the claim records the send);
     * a send that fails gives its claim back, so the next tick tries again.
     */
    async sendDueDigests(now: Date = deps.now()): Promise<{ sent: number; failed: number }> {
      const { mailer } = deps;
      let sent = 0;
      let failed = 0;
      if (!mailer) return { sent, failed };
      for (const subscriber of await store.subscribers()) {
        const period = periodOf(subscriber.digest, now);
        if (subscriber.lastDigestAt && subscriber.lastDigestAt >= period.start) continue;
        const coach: CoachKey = {
          tenant: subscriber.tenant,
          contextKey: subscriber.contextKey,
          coachId: subscriber.coachId,
        };
        if (!(await store.claimDigest(coach, subscriber.digest, period.start, now))) continue;
        try {
          const window = { from: period.from, to: period.to };
          const agenda = await deps.agenda.agendaFor(coach, {
            ...window,
            since: subscriber.lastDigestAt ?? period.previousStart,
          });
          const mail = composeDigest({
            to: subscriber.email,
            digest: subscriber.digest,
            courseTitle: await deps.courseTitle(coach.contextKey),
            window,
            agenda,
          });
          // Nothing to tell: no email, and the period is done.
          if (!mail) continue;
          await mailer.send(mail);
          sent += 1;
        } catch (error) {
          failed += 1;
          deps.logger.error('reminder digest not sent; the next tick retries it', {
            contextKey: coach.contextKey,
            coachId: coach.coachId,
            error,
          });
          await store.releaseDigest(coach, now, subscriber.lastDigestAt);
        }
      }
      return { sent, failed };
    },
  };
}

export type ReminderService = ReturnType<typeof createReminderService>;
