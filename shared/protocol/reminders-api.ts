import * as v from 'valibot';

/** The coach's reminder settings (per course), and their calendar feed link. */
export const REMINDERS_API = {
  settings: '/api/reminders',
  feed: '/api/reminders/feed',
} as const;

export const DigestFrequencySchema = v.picklist(['off', 'daily', 'weekly']);

/** `GET`/`PUT /api/reminders`: the feed link itself is only ever shown once, when made. */
export const ReminderSettingsViewSchema = v.object({
  email: v.nullable(v.string()),
  digest: DigestFrequencySchema,
  /** Whether the server can send email at all (SMTP_URL is set). */
  mail: v.boolean(),
  feed: v.object({ exists: v.boolean() }),
});
export type ReminderSettingsView = v.InferOutput<typeof ReminderSettingsViewSchema>;

/** `POST /api/reminders/feed`: the new private link (the old one stops working). */
export const FeedLinkSchema = v.object({ url: v.pipe(v.string(), v.url()) });
