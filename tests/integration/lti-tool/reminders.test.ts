import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextKeyOf, tenantKeyOf } from '../../../lti-tool/core/link-keys.ts';
import { describeError, type Logger } from '../../../lti-tool/core/logger.ts';
import type { CoachAgenda, CoachAgendaSource, CoachKey } from '../../../lti-tool/reminders/ports.ts';
import { api } from '../../harness/api-client.ts';
import { FakePlatform, ROLES } from '../../harness/fake-platform.ts';
import { addresses, Inbox } from '../../harness/smtp-inbox.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const COURSE = 'reminders-course';
/** Markup in a course title and a name: the HTML part must show it as text. */
const COURSE_TITLE = 'Year 7 <maths> & "science"';
const SMTP_PASSWORD = 's3cret-smtp-Pa55';
const SETTINGS = '/api/reminders';
const FEED = '/api/reminders/feed';

/** Check-backs and observations per coach id, as the coaching cycle would hold them. */
interface Plan {
  checkBacks: CoachAgenda['checkBacks'];
  plannedObservations: CoachAgenda['plannedObservations'];
  roundsWaiting: number;
  newCheckIns: number;
}

/**
 * The coaching cycle's side of the port, in memory: it answers for the window it is asked
 * about, and records each question so tests can check whose agenda and which days were asked.
 */
class Agenda implements CoachAgendaSource {
  readonly plans = new Map<string, Plan>();
  readonly asked: { coach: CoachKey; window: { from: string; to: string; since: Date } }[] = [];

  async agendaFor(coach: CoachKey, window: { from: string; to: string; since: Date }): Promise<CoachAgenda> {
    this.asked.push({ coach: { ...coach }, window });
    const plan = this.plans.get(coach.coachId);
    const inWindow = ({ on }: { on: string }) => on >= window.from && on <= window.to;
    return {
      checkBacks: (plan?.checkBacks ?? []).filter(inWindow),
      plannedObservations: (plan?.plannedObservations ?? []).filter(inWindow),
      roundsWaiting: plan?.roundsWaiting ?? 0,
      newCheckIns: plan?.newCheckIns ?? 0,
    };
  }

  askedFor(coachId: string) {
    return this.asked.filter((question) => question.coach.coachId === coachId);
  }
}

/** Every line the tool logs, as it would be written. */
const logged: string[] = [];
const capture: Logger = {
  info: (message, meta) =>
    logged.push(JSON.stringify({ message, ...meta, error: describeError(meta?.error) })),
  error: (message, meta) =>
    logged.push(JSON.stringify({ message, ...meta, error: describeError(meta?.error) })),
};

let clock = new Date('2026-01-05T10:00:00.000Z');
const inbox = new Inbox({ user: 'coach-mail', password: SMTP_PASSWORD });
const agenda = new Agenda();
let platform: FakePlatform;
let tool: TestServer;
const toolsToClose: TestServer[] = [];
const dirs: string[] = [];

async function startTool(options: { smtp: boolean; env?: Record<string, string>; dataDir?: string }) {
  const started = await startTestServer({
    now: () => clock,
    agenda,
    logger: capture,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    env: {
      ...(options.smtp
        ? {
            SMTP_URL: `smtp://coach-mail:${SMTP_PASSWORD}@127.0.0.1:${inbox.port}`,
            MAIL_FROM: 'Coaching <coaching@school.test>',
          }
        : {}),
      ...options.env,
    },
  });
  toolsToClose.push(started);
  await started.registerPlatform(platform.registration, [platform.deploymentId]);
  return started;
}

/** A real launch in the course with this LTI role; the page's session token. */
async function launch(on: TestServer, userId: string, role: string = ROLES.instructor): Promise<string> {
  const outcome = await platform.launch(on.url, {
    userId,
    claims: (claims) => ({
      ...claims,
      [`${LTI}roles`]: [role],
      [`${LTI}context`]: { id: COURSE, title: COURSE_TITLE },
      [`${LTI}resource_link`]: { id: `${COURSE}-link` },
    }),
  });
  expect(outcome.status).toBe(200);
  return outcome.bootstrap!.sessionToken;
}

const coachKey = (coachId: string): CoachKey => {
  const tenant = tenantKeyOf({
    tenant: { issuer: platform.issuer, clientId: platform.clientId, deploymentId: platform.deploymentId },
  });
  return { tenant, contextKey: contextKeyOf(tenant, COURSE), coachId };
};

/** Opts a new coach in over the API at the current clock; their session token. */
async function optedInCoach(coachId: string, email: string, digest: 'daily' | 'weekly', on = tool) {
  const token = await launch(on, coachId);
  const saved = await api(on.url, SETTINGS, { method: 'PUT', token, body: { email, digest } });
  expect(saved.status).toBe(200);
  expect(saved.body).toEqual({ email, digest, mail: true, feed: { exists: false } });
  return token;
}

beforeAll(async () => {
  await inbox.start();
  platform = await FakePlatform.start('moodle', 'reminders');
  tool = await startTool({ smtp: true });
});
afterAll(async () => {
  for (const started of toolsToClose) await started.close();
  await platform?.close();
  await inbox.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('digest emails', () => {
  it('a coach opts in over the API and gets the next day’s digest once, even from two ticks at once', async () => {
    clock = new Date('2026-01-05T10:00:00.000Z'); // a Monday
    const token = await launch(tool, 'coach-daily');
    expect((await api(tool.url, SETTINGS, { token })).body).toEqual({
      email: null,
      digest: 'off',
      mail: true,
      feed: { exists: false },
    });
    const saved = await api(tool.url, SETTINGS, {
      method: 'PUT',
      token,
      body: { email: '  daily.coach@school.test ', digest: 'daily' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      email: 'daily.coach@school.test',
      digest: 'daily',
      mail: true,
      feed: { exists: false },
    });
    agenda.plans.set('coach-daily', {
      checkBacks: [
        {
          teacherId: 't-1',
          teacherName: '<b>Ana</b> & "Bo"',
          stepTitle: 'Narrate <two> pupils',
          on: '2026-01-06',
        },
        { teacherId: 't-2', teacherName: 'Cal Later', stepTitle: 'Wait five seconds', on: '2026-01-09' },
      ],
      plannedObservations: [{ teacherId: 't-2', teacherName: 'Cal Later', on: '2026-01-06' }],
      roundsWaiting: 3,
      newCheckIns: 2,
    });

    // Opting in starts the period: the first digest is tomorrow's.
    await tool.reminders.sendDueDigests();
    expect(inbox.to('daily.coach@school.test')).toEqual([]);

    clock = new Date('2026-01-06T00:05:00.000Z');
    await Promise.all([tool.reminders.sendDueDigests(), tool.reminders.sendDueDigests()]);
    const [mail, ...more] = inbox.to('daily.coach@school.test');
    expect(more).toEqual([]);
    expect(addresses(mail!.from)).toEqual(['coaching@school.test']);
    expect(mail!.subject).toBe(
      `Daily coaching digest for ${COURSE_TITLE}: 1 check-back due, 1 observation planned, 3 rounds waiting, 2 new check-ins`,
    );
    expect(mail!.text).toContain('- Tue 6 Jan: <b>Ana</b> & "Bo" — Narrate <two> pupils');
    expect(mail!.text).toContain('Practice rounds waiting for your feedback: 3');
    expect(mail!.text).toContain('New check-ins from your teachers since your last digest: 2');
    // Friday's check-back is not today's.
    expect(mail!.text).not.toContain('Wait five seconds');
    const htmlPart = String(mail!.html);
    expect(htmlPart).toContain('&lt;b&gt;Ana&lt;/b&gt; &amp; &quot;Bo&quot; — Narrate &lt;two&gt; pupils');
    expect(htmlPart).toContain('Year 7 &lt;maths&gt; &amp; &quot;science&quot;');
    expect(htmlPart).not.toContain('<b>Ana</b>');
    expect(htmlPart).not.toContain('<maths>');

    // Asked for this coach's course, today only, and what is new since the opt-in.
    const asked = agenda.askedFor('coach-daily');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toEqual({
      coach: coachKey('coach-daily'),
      window: { from: '2026-01-06', to: '2026-01-06', since: new Date('2026-01-05T10:00:00.000Z') },
    });

    // Later ticks the same day send nothing more; the next day's does.
    clock = new Date('2026-01-06T18:00:00.000Z');
    await tool.reminders.sendDueDigests();
    expect(inbox.to('daily.coach@school.test')).toHaveLength(1);
    clock = new Date('2026-01-07T00:05:00.000Z');
    await tool.reminders.sendDueDigests();
    expect(inbox.to('daily.coach@school.test')).toHaveLength(2);
    expect(agenda.askedFor('coach-daily').at(-1)?.window.since).toEqual(new Date('2026-01-06T00:05:00.000Z'));
  });

  it('a weekly digest comes on Monday, covering the week, once', async () => {
    clock = new Date('2026-01-06T09:00:00.000Z'); // a Tuesday
    await optedInCoach('coach-weekly', 'weekly.coach@school.test', 'weekly');
    agenda.plans.set('coach-weekly', {
      checkBacks: [
        { teacherId: 't-3', teacherName: 'Dee', stepTitle: 'Cold call', on: '2026-01-14' },
        { teacherId: 't-4', teacherName: 'Eve', stepTitle: 'Too late', on: '2026-01-19' },
      ],
      plannedObservations: [],
      roundsWaiting: 0,
      newCheckIns: 1,
    });
    for (const day of ['2026-01-07', '2026-01-09', '2026-01-11']) {
      clock = new Date(`${day}T06:00:00.000Z`);
      await tool.reminders.sendDueDigests();
    }
    expect(inbox.to('weekly.coach@school.test')).toEqual([]);

    clock = new Date('2026-01-12T00:05:00.000Z'); // the next Monday
    await tool.reminders.sendDueDigests();
    clock = new Date('2026-01-14T00:05:00.000Z');
    await tool.reminders.sendDueDigests();
    const mails = inbox.to('weekly.coach@school.test');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(
      `Weekly coaching digest for ${COURSE_TITLE}: 1 check-back due, 0 rounds waiting, 1 new check-in`,
    );
    expect(mails[0]!.text).toContain('Check-backs due this week:\n- Wed 14 Jan: Dee — Cold call');
    expect(mails[0]!.text).not.toContain('Too late');
    expect(agenda.askedFor('coach-weekly')[0]?.window).toMatchObject({
      from: '2026-01-12',
      to: '2026-01-18',
    });
  });

  it('a send the SMTP server refuses is retried at the next tick, with the same "since"', async () => {
    clock = new Date('2026-02-02T08:00:00.000Z');
    await optedInCoach('coach-retry', 'retry.coach@school.test', 'daily');
    agenda.plans.set('coach-retry', {
      checkBacks: [],
      plannedObservations: [],
      roundsWaiting: 1,
      newCheckIns: 0,
    });
    inbox.refusing.add('retry.coach@school.test');

    clock = new Date('2026-02-03T00:05:00.000Z');
    const first = await tool.reminders.sendDueDigests();
    expect(first.failed).toBeGreaterThanOrEqual(1);
    expect(inbox.to('retry.coach@school.test')).toEqual([]);
    expect(
      logged.some((line) => line.includes('reminder digest not sent') && line.includes('Mailbox busy')),
    ).toBe(true);

    inbox.refusing.delete('retry.coach@school.test');
    clock = new Date('2026-02-03T00:10:00.000Z');
    await tool.reminders.sendDueDigests();
    expect(inbox.to('retry.coach@school.test')).toHaveLength(1);
    const sinces = agenda.askedFor('coach-retry').map((question) => question.window.since);
    expect(sinces).toEqual([new Date('2026-02-02T08:00:00.000Z'), new Date('2026-02-02T08:00:00.000Z')]);
  });

  it('sends nothing to a coach who opted out, nor an empty digest', async () => {
    clock = new Date('2026-03-02T08:00:00.000Z');
    const token = await optedInCoach('coach-out', 'out.coach@school.test', 'daily');
    agenda.plans.set('coach-out', {
      checkBacks: [],
      plannedObservations: [],
      roundsWaiting: 4,
      newCheckIns: 0,
    });
    const off = await api(tool.url, SETTINGS, {
      method: 'PUT',
      token,
      body: { email: 'out.coach@school.test', digest: 'off' },
    });
    expect(off.body.digest).toBe('off');
    await optedInCoach('coach-quiet', 'quiet.coach@school.test', 'daily');

    clock = new Date('2026-03-03T00:05:00.000Z');
    await tool.reminders.sendDueDigests();
    expect(inbox.to('out.coach@school.test')).toEqual([]);
    expect(agenda.askedFor('coach-out')).toEqual([]);
    // Asked, nothing to tell: no email.
    expect(agenda.askedFor('coach-quiet')).toHaveLength(1);
    expect(inbox.to('quiet.coach@school.test')).toEqual([]);
  });

  it('without SMTP_URL: the API says mail is off, a digest cannot be turned on, and none is sent', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-reminders-'));
    dirs.push(dataDir);
    clock = new Date('2026-04-06T08:00:00.000Z');
    // Opted in while mail was configured…
    const withMail = await startTool({ smtp: true, dataDir });
    const token = await optedInCoach('coach-nomail', 'nomail.coach@school.test', 'daily', withMail);
    agenda.plans.set('coach-nomail', {
      checkBacks: [],
      plannedObservations: [],
      roundsWaiting: 2,
      newCheckIns: 2,
    });
    await withMail.close();

    // …then the server restarts without it.
    const withoutMail = await startTool({ smtp: false, dataDir });
    expect((await api(withoutMail.url, SETTINGS, { token })).body).toEqual({
      email: 'nomail.coach@school.test',
      digest: 'daily',
      mail: false,
      feed: { exists: false },
    });
    clock = new Date('2026-04-07T00:05:00.000Z');
    expect(await withoutMail.reminders.sendDueDigests()).toEqual({ sent: 0, failed: 0 });
    expect(inbox.to('nomail.coach@school.test')).toEqual([]);

    clock = new Date('2026-04-07T08:00:00.000Z');
    const other = await launch(withoutMail, 'coach-nomail-2');
    const refused = await api(withoutMail.url, SETTINGS, {
      method: 'PUT',
      token: other,
      body: { email: 'other@school.test', digest: 'weekly' },
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/no mail settings \(SMTP_URL\)/);
    expect((await api(withoutMail.url, SETTINGS, { token: other })).body.digest).toBe('off');
    // The address alone may be kept.
    const addressOnly = await api(withoutMail.url, SETTINGS, {
      method: 'PUT',
      token: other,
      body: { email: 'other@school.test', digest: 'off' },
    });
    expect(addressOnly.status).toBe(200);
    await withoutMail.close();
  });
});

describe('the settings API', () => {
  it('refuses teachers and provider admins', async () => {
    clock = new Date('2026-05-04T08:00:00.000Z');
    for (const [userId, role] of [
      ['teacher-r', ROLES.learner],
      ['admin-r', ROLES.admin],
    ] as const) {
      const token = await launch(tool, userId, role);
      const calls = [
        api(tool.url, SETTINGS, { token }),
        api(tool.url, SETTINGS, { method: 'PUT', token, body: { email: 'x@school.test', digest: 'daily' } }),
        api(tool.url, FEED, { method: 'POST', token }),
        api(tool.url, FEED, { method: 'DELETE', token }),
      ];
      for (const response of await Promise.all(calls)) {
        expect(response.status, userId).toBe(403);
        expect(response.body.error.code).toBe('forbidden');
      }
    }
  });

  it('answers bad input 400 with what is wrong, and stores nothing', async () => {
    clock = new Date('2026-05-04T08:00:00.000Z');
    const token = await launch(tool, 'coach-input');
    const cases: [unknown, RegExp][] = [
      [{ email: 'not-an-address', digest: 'daily' }, /email: email must be an email address/],
      [{ email: 'coach@school.test', digest: 'hourly' }, /digest: digest must be off, daily or weekly/],
      [{ email: null, digest: 'weekly' }, /Add an email address to get a digest/],
      [{ email: 'coach@school.test' }, /digest/],
    ];
    for (const [body, message] of cases) {
      const response = await api(tool.url, SETTINGS, { method: 'PUT', token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.error.message).toMatch(message);
    }
    expect((await api(tool.url, SETTINGS, { token })).body).toEqual({
      email: null,
      digest: 'off',
      mail: true,
      feed: { exists: false },
    });
  });
});

/** Every feed token the tool handed out, to look for in its log. */
const issuedTokens: string[] = [];

/** A new feed link for the coach with this session; 201 checked. */
async function newFeedUrl(on: TestServer, token: string): Promise<string> {
  const created = await api(on.url, FEED, { method: 'POST', token });
  expect(created.status).toBe(201);
  const url = created.body.url as string;
  issuedTokens.push(url.slice(url.lastIndexOf('/') + 1, -'.ics'.length));
  return url;
}

/** Fetches a feed URL; its status, headers and text. */
async function fetchFeed(url: string) {
  const response = await fetch(url);
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
  return { calendar, events };
}

describe('the calendar feed', () => {
  it('is a private URL shown once, an iCalendar of check-backs and planned observations with stable UIDs', async () => {
    clock = new Date('2026-06-10T12:00:00.000Z');
    const token = await launch(tool, 'coach-feed');
    agenda.plans.set('coach-feed', {
      checkBacks: [
        {
          teacherId: 't-1',
          teacherName: 'Ana, "A"; B',
          stepTitle: 'Narrate\nthe positive',
          on: '2026-06-12',
        },
        { teacherId: 't-2', teacherName: 'Bo', stepTitle: 'Long ago', on: '2026-04-01' },
        { teacherId: 't-2', teacherName: 'Bo', stepTitle: 'Recent', on: '2026-05-20' },
      ],
      plannedObservations: [{ teacherId: 't-3', teacherName: 'Cy', on: '2026-11-30' }],
      roundsWaiting: 0,
      newCheckIns: 0,
    });
    const url = await newFeedUrl(tool, token);
    expect(url).toMatch(new RegExp(`^${tool.url}/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
    const secret = url.slice(url.lastIndexOf('/') + 1, -'.ics'.length);
    const settings = await api(tool.url, SETTINGS, { token });
    expect(settings.body.feed).toEqual({ exists: true });
    expect(JSON.stringify(settings.body)).not.toContain(secret);

    const first = await fetchFeed(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('private, max-age=300');
    const { calendar, events } = parseFeed(first.text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBeTruthy();
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe(`Coaching: ${COURSE_TITLE}`);
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(agenda.askedFor('coach-feed')).toEqual([
      {
        coach: coachKey('coach-feed'),
        window: { from: '2026-05-11', to: '2026-12-07', since: clock },
      },
    ]);
    expect(
      events.map((event) => ({
        summary: event.summary,
        start: event.startDate.toString(),
        allDay: event.startDate.isDate,
        end: event.endDate.toString(),
      })),
    ).toEqual([
      {
        summary: 'Check back: Ana, "A"; B — Narrate the positive',
        start: '2026-06-12',
        allDay: true,
        end: '2026-06-13',
      },
      { summary: 'Check back: Bo — Recent', start: '2026-05-20', allDay: true, end: '2026-05-21' },
      { summary: 'Observe: Cy', start: '2026-11-30', allDay: true, end: '2026-12-01' },
    ]);
    const uids = events.map((event) => event.uid);
    expect(new Set(uids).size).toBe(3);

    const again = parseFeed((await fetchFeed(url)).text);
    expect(again.events.map((event) => event.uid)).toEqual(uids);
  });

  it('a new link revokes the old; a revoked or unknown link is 404 with one body', async () => {
    clock = new Date('2026-06-10T12:00:00.000Z');
    const token = await launch(tool, 'coach-revoke');
    const old = await newFeedUrl(tool, token);
    expect((await fetchFeed(old)).status).toBe(200);
    const replacement = await newFeedUrl(tool, token);
    expect(replacement).not.toBe(old);

    const revoked = await fetchFeed(old);
    const unknown = await fetchFeed(`${tool.url}/calendar/${'A'.repeat(43)}.ics`);
    const malformed = await fetchFeed(`${tool.url}/calendar/not-a-token.ics`);
    expect([revoked.status, unknown.status, malformed.status]).toEqual([404, 404, 404]);
    expect(unknown.text).toBe(revoked.text);
    expect(malformed.text).toBe(revoked.text);
    expect((await fetchFeed(replacement)).status).toBe(200);

    const removed = await api(tool.url, FEED, { method: 'DELETE', token });
    expect(removed.status).toBe(204);
    const afterRevoke = await fetchFeed(replacement);
    expect(afterRevoke.status).toBe(404);
    expect(afterRevoke.text).toBe(revoked.text);
    expect((await api(tool.url, SETTINGS, { token })).body.feed).toEqual({ exists: false });
  });

  it('limits misses per client (429 with Retry-After); a feed that opens costs nothing', async () => {
    clock = new Date('2026-06-10T12:00:00.000Z');
    const limited = await startTool({ smtp: false, env: { CALENDAR_FEED_RATE_LIMIT: '3' } });
    const token = await launch(limited, 'coach-limit');
    const url = await newFeedUrl(limited, token);
    for (let i = 0; i < 5; i += 1) expect((await fetchFeed(url)).status).toBe(200);

    const guess = (i: number) => fetchFeed(`${limited.url}/calendar/${String(i).padStart(43, 'x')}.ics`);
    for (let i = 0; i < 3; i += 1) expect((await guess(i)).status).toBe(404);
    const refused = await guess(3);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await limited.close();
  });

  it('never logs the SMTP password or a feed token', () => {
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter((line) => line.includes(SMTP_PASSWORD))).toEqual([]);
    expect(issuedTokens).toHaveLength(4);
    expect(logged.filter((line) => issuedTokens.some((secret) => line.includes(secret)))).toEqual([]);
  });
});
