import { createHash } from 'node:crypto';
import ICAL from 'ical.js';
import type { CoachAgenda, CoachKey } from './ports.ts';

/** The days a feed covers around today: recent check-backs stay visible, plans months ahead show. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 180;

const PRODID = '-//Coaching in context//Coach reminders//EN';

/** One line of plain text: no control characters (names and titles come from people and LMSs). */
const oneLine = (text: string) => text.replace(/\p{Cc}+/gu, ' ').trim();

/**
 * The same id for the same entry at every fetch, so calendar apps update an event rather than
 * add a copy. A hash: the feed's UIDs say nothing of the course or the teacher's LMS id.
 */
function uidOf(kind: string, coach: CoachKey, parts: readonly string[], domain: string): string {
  const digest = createHash('sha256')
    .update([kind, coach.tenant, coach.contextKey, coach.coachId, ...parts].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
  return `${kind}-${digest}@${domain}`;
}

function allDayEvent(options: {
  uid: string;
  on: string;
  summary: string;
  stamp: ICAL.Time;
}): ICAL.Component {
  const component = new ICAL.Component('vevent');
  const event = new ICAL.Event(component);
  event.uid = options.uid;
  event.summary = options.summary;
  const start = ICAL.Time.fromDateString(options.on);
  const end = start.clone();
  end.adjust(1, 0, 0, 0);
  event.startDate = start;
  event.endDate = end;
  component.updatePropertyWithValue('dtstamp', options.stamp);
  // A reminder, not a meeting: it never shows the coach as busy.
  component.updatePropertyWithValue('transp', 'TRANSPARENT');
  return component;
}

/**
 * A coach's calendar feed (RFC 5545, built with ical.js): an all-day event for each check-back
 * ("Check back: <teacher> — <step>") and each planned observation. Apps subscribed to it
 * (Outlook, Google Calendar, Apple Calendar) refetch it about hourly.
 */
export function buildCalendarFeed(options: {
  coach: CoachKey;
  agenda: Pick<CoachAgenda, 'checkBacks' | 'plannedObservations'>;
  /** Shown as the calendar's name. */
  name: string;
  /** The tool's host, the right-hand side of every UID. */
  domain: string;
  now: Date;
}): string {
  const { coach, agenda, domain } = options;
  const calendar = new ICAL.Component('vcalendar');
  calendar.updatePropertyWithValue('prodid', PRODID);
  calendar.updatePropertyWithValue('version', '2.0');
  calendar.updatePropertyWithValue('calscale', 'GREGORIAN');
  calendar.updatePropertyWithValue('method', 'PUBLISH');
  calendar.updatePropertyWithValue('x-wr-calname', oneLine(options.name));
  // RFC 7986's refresh hint, and the older one Outlook reads.
  calendar.updatePropertyWithValue('refresh-interval', ICAL.Duration.fromString('PT1H'));
  calendar.updatePropertyWithValue('x-published-ttl', 'PT1H');
  const stamp = ICAL.Time.fromJSDate(options.now, true);
  // The same entry twice would be two events with one UID, which apps reject or merge at random.
  const seen = new Set<string>();
  const add = (event: Parameters<typeof allDayEvent>[0]) => {
    if (seen.has(event.uid)) return;
    seen.add(event.uid);
    calendar.addSubcomponent(allDayEvent(event));
  };

  for (const checkBack of agenda.checkBacks) {
    add({
      uid: uidOf('check-back', coach, [checkBack.teacherId, checkBack.on, checkBack.stepTitle], domain),
      on: checkBack.on,
      summary: `Check back: ${oneLine(checkBack.teacherName)} — ${oneLine(checkBack.stepTitle)}`,
      stamp,
    });
  }
  for (const observation of agenda.plannedObservations) {
    add({
      uid: uidOf('observation', coach, [observation.teacherId, observation.on], domain),
      on: observation.on,
      summary: `Observe: ${oneLine(observation.teacherName)}`,
      stamp,
    });
  }
  return `${calendar.toString()}\r\n`;
}
