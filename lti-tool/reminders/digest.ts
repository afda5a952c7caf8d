import { addDays, dayOf } from '../../shared/domain/coaching/calendar-days.ts';
import { html } from '../http/html.ts';
import type { OutgoingMail } from './mailer.ts';
import type { CoachAgenda, DigestSubscriber } from './ports.ts';

/**
 * The period a digest covers: a UTC day, or a week from Monday. A coach gets at most one digest
 * a period, at the first tick in it.
 */
export function periodOf(digest: DigestSubscriber['digest'], now: Date) {
  const today = dayOf(now);
  const daysSinceMonday = (now.getUTCDay() + 6) % 7;
  const start = digest === 'daily' ? today : addDays(today, -daysSinceMonday);
  const length = digest === 'daily' ? 1 : 7;
  return {
    start: new Date(`${start}T00:00:00Z`),
    /** What the digest lists: from today to the period's last day. */
    from: today,
    to: addDays(start, length - 1),
    /** Where "new" starts for a coach who never had a digest: one period back. */
    previousStart: new Date(`${addDays(start, -length)}T00:00:00Z`),
  };
}

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

const shortDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));

const longDay = (day: string) =>
  new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(`${day}T00:00:00Z`));

/** Whether there is anything to tell: an empty digest is not sent. */
const isEmpty = (agenda: CoachAgenda) =>
  agenda.checkBacks.length === 0 &&
  agenda.plannedObservations.length === 0 &&
  agenda.roundsWaiting === 0 &&
  agenda.newCheckIns === 0;

/**
 * A coach's digest email: the same content as plain text and as HTML (built with `html`, so
 * every name and title is escaped). Null when there is nothing to say.
 */
export function composeDigest(options: {
  to: string;
  digest: DigestSubscriber['digest'];
  courseTitle: string | null;
  /** The days the agenda covers (YYYY-MM-DD, inclusive). */
  window: { from: string; to: string };
  agenda: CoachAgenda;
}): OutgoingMail | null {
  const { agenda, digest, courseTitle, window } = options;
  if (isEmpty(agenda)) return null;
  const when = digest === 'daily' ? 'today' : 'this week';
  const course = courseTitle ? ` for ${courseTitle}` : '';
  const byDay = <T extends { on: string }>(items: readonly T[]) =>
    [...items].sort((a, b) => a.on.localeCompare(b.on));
  const checkBacks = byDay(agenda.checkBacks);
  const observations = byDay(agenda.plannedObservations);

  const counts = [
    plural(checkBacks.length, 'check-back due', 'check-backs due'),
    ...(observations.length
      ? [plural(observations.length, 'observation planned', 'observations planned')]
      : []),
    plural(agenda.roundsWaiting, 'round waiting', 'rounds waiting'),
    plural(agenda.newCheckIns, 'new check-in', 'new check-ins'),
  ];
  const title = `${digest === 'daily' ? 'Daily' : 'Weekly'} coaching digest${course}`;
  const dates =
    window.from === window.to ? longDay(window.from) : `${longDay(window.from)} to ${longDay(window.to)}`;
  const rounds = `Practice rounds waiting for your feedback: ${agenda.roundsWaiting}`;
  const checkIns = `New check-ins from your teachers since your last digest: ${agenda.newCheckIns}`;
  const why = `You get this email because you turned on the ${digest} digest in the coaching tool's reminder settings. Turn it off there to stop it.`;

  const text = [
    `${title}, ${dates}.`,
    '',
    `Check-backs due ${when}:`,
    ...(checkBacks.length
      ? checkBacks.map((c) => `- ${shortDay(c.on)}: ${c.teacherName} — ${c.stepTitle}`)
      : ['- none']),
    ...(observations.length
      ? [
          '',
          `Observations planned ${when}:`,
          ...observations.map((o) => `- ${shortDay(o.on)}: ${o.teacherName}`),
        ]
      : []),
    '',
    rounds,
    checkIns,
    '',
    'Open the coaching tool from your course to follow up.',
    '',
    why,
    '',
  ].join('\n');

  const checkBackItems = checkBacks.length
    ? checkBacks.map((c) => html`<li>${shortDay(c.on)}: ${c.teacherName} — ${c.stepTitle}</li>`)
    : html`<li>none</li>`;
  const observationList =
    observations.length > 0 &&
    html`<h2>Observations planned ${when}</h2>
<ul>${observations.map((o) => html`<li>${shortDay(o.on)}: ${o.teacherName}</li>`)}</ul>`;
  const body = html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<h1>${title}</h1>
<p>${dates}</p>
<h2>Check-backs due ${when}</h2>
<ul>${checkBackItems}</ul>
${observationList}
<p>${rounds}</p>
<p>${checkIns}</p>
<p>Open the coaching tool from your course to follow up.</p>
<p><small>${why}</small></p>
</body>
</html>`;

  // A header is one line, whatever a course title holds.
  const subject = `${title}: ${counts.join(', ')}`.replace(/\p{Cc}+/gu, ' ');
  return { to: options.to, subject, text, html: body.toString() };
}
