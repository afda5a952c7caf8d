import type { JWTPayload } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationInput, ObservationInput } from '../../shared/domain/coaching/cycle.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { PROGRAMME_API } from '../../shared/protocol/programme-api.ts';
import { CYCLE_API } from '../../shared/protocol/cycle-api.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { api } from './api-client.ts';
import { aStepInput, testId } from './builders.ts';
import { ROLES, type FakePlatform } from './fake-platform.ts';
import { launchModule } from './practice.ts';
import type { TestServer } from './tool-server.ts';
import { TYPED } from './typed-texts.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const DAY = 86_400_000;

/** The tool's clock: a Monday in January, moved on by the fixture (pages relaunch after a move). */
export const programmeClock = { now: new Date('2026-01-05T09:00:00.000Z') };

const module = loadStarterModules()[0]!;

const aConversation = (teacherId: string): ConversationInput => ({
  teacherId,
  observationId: null,
  targetPerformance: TYPED.target,
  praise: [{ text: TYPED.praise, criterion: null }],
  probingQuestions: [TYPED.probe],
  model: { kind: 'own', form: 'performance', description: TYPED.model },
  step: {
    decision: 'next',
    fromModule: null,
    step: aStepInput({ title: TYPED.step, successCriteria: [TYPED.criterion] }),
  },
  rounds: [{ criteria: [{ criterion: TYPED.criterion, mark: 'secure' }], feedback: TYPED.roundFeedback }],
  checkBackOn: new Date(programmeClock.now.getTime() + 7 * DAY).toISOString().slice(0, 10),
});

const anObservation = (teacherId: string): ObservationInput => ({
  teacherId,
  stepId: null,
  startedAt: programmeClock.now.toISOString(),
  notes: [{ at: programmeClock.now.toISOString(), text: TYPED.note }],
  criteria: [{ criterion: TYPED.criterion, mark: 'secure' }],
  pupilsDid: TYPED.pupils,
});

/** Six teachers in course A (enough to show), three in course B (too few: "fewer than 5"). */
const COURSE_A = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((id) => `teacher-${id}`);
const COURSE_B = ['b1', 'b2', 'b3'].map((id) => `teacher-${id}`);

export interface Launch {
  userId: string;
  course: string;
  role: keyof typeof ROLES;
  name?: string;
  activity?: string;
  sourcedId?: string;
}

/** A real launch of one person in one course, from the platform; the page's session token. */
export async function launchAs(toolUrl: string, platform: FakePlatform, who: Launch): Promise<string> {
  const outcome = await launchOutcome(toolUrl, platform, who);
  expect(outcome.status, outcome.html.slice(0, 300)).toBe(200);
  return outcome.bootstrap!.sessionToken;
}

/** The launch's whole answer (its page), for a browser to open. */
export function launchOutcome(toolUrl: string, platform: FakePlatform, who: Launch) {
  return platform.launch(toolUrl, {
    userId: who.userId,
    claims: (claims: JWTPayload) => ({
      ...claims,
      name: who.name ?? who.userId,
      [`${LTI}roles`]: [ROLES[who.role]],
      [`${LTI}context`]: { id: who.course, title: `Course ${who.course}` },
      [`${LTI}resource_link`]: { id: `${who.course}-${who.activity ?? 'action-step'}` },
      [`${LTI}custom`]: { activity: who.activity ?? 'action-step' },
      ...(who.sourcedId ? { [`${LTI}lis`]: { person_sourcedid: who.sourcedId } } : {}),
    }),
  });
}

const moveTo = (offsetDays: number) => {
  programmeClock.now = new Date(new Date('2026-01-05T09:00:00.000Z').getTime() + offsetDays * DAY);
};

async function save(toolUrl: string, kind: 'observation' | 'conversation', token: string, record: object) {
  const path = kind === 'observation' ? CYCLE_API.observation(testId()) : CYCLE_API.conversation(testId());
  const saved = await api(toolUrl, path, {
    method: 'PUT',
    token,
    body: { changeId: testId(), baseVersion: 0, record },
  });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

/**
 * Three weeks of a programme at one school, by the tool's own API: six teachers coached in course A
 * (two conversations 14 days apart, an observation, a module round each, four reviewed within a
 * day, a check-in each) and three in course B (one conversation each). Leaves the clock at week 2.
 */
export async function seedProgramme(toolUrl: string, school: FakePlatform): Promise<void> {
  // Week 0: everyone launches; the coaches hold a first conversation with each teacher.
  moveTo(0);
  for (const [course, teachers] of [
    ['A', COURSE_A],
    ['B', COURSE_B],
  ] as const) {
    for (const userId of teachers) {
      await launchAs(toolUrl, school, {
        userId,
        course,
        role: 'learner',
        sourcedId: `SIS-${userId}`,
      });
    }
    const coach = await launchAs(toolUrl, school, {
      userId: `coach-${course}`,
      course,
      role: 'instructor',
      name: `Coach ${course}`,
    });
    for (const teacherId of teachers) await save(toolUrl, 'conversation', coach, aConversation(teacherId));
  }
  // Teachers practise a module round; the coach reviews four of course A's within a day.
  for (const userId of COURSE_A) {
    const bootstrap = await launchModule(school, toolUrl, {
      userId,
      course: 'A',
      link: 'A-module',
      module: module.id,
      role: 'learner',
      name: userId,
    });
    const round = await api(toolUrl, PRACTICE_API.rounds, {
      token: bootstrap.sessionToken,
      body: {
        id: testId(),
        linkKey: bootstrap.activity!.linkKey,
        rehearsal: { script: TYPED.script, audioId: null },
        selfAssessment: module.actionStep.successCriteria.map(() => 'secure'),
      },
    });
    expect(round.status, JSON.stringify(round.body)).toBe(201);
    const checkIn = await api(toolUrl, PRACTICE_API.checkIns, {
      token: bootstrap.sessionToken,
      body: {
        id: testId(),
        linkKey: bootstrap.activity!.linkKey,
        actionStepId: null,
        outcome: 'went-well',
        note: TYPED.checkIn,
      },
    });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(201);
  }
  moveTo(1);
  const reviewer = await launchAs(toolUrl, school, {
    userId: 'coach-A',
    course: 'A',
    role: 'instructor',
    name: 'Coach A',
  });
  const queue = await api(toolUrl, PRACTICE_API.reviewQueue, { token: reviewer });
  expect(queue.status).toBe(200);
  for (const item of queue.body.items.slice(0, 4)) {
    const given = await api(toolUrl, PRACTICE_API.roundFeedback(item.roundId), {
      token: reviewer,
      body: {
        praise: TYPED.feedback,
        probe: TYPED.probe,
        nextStep: TYPED.step,
        criteria: module.actionStep.successCriteria.map(() => 'secure'),
      },
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
  }
  // Week 1: observations in course A; week 2: a second conversation (it secures the first step).
  moveTo(7);
  const observer = await launchAs(toolUrl, school, {
    userId: 'coach-A',
    course: 'A',
    role: 'instructor',
    name: 'Coach A',
  });
  for (const teacherId of COURSE_A) await save(toolUrl, 'observation', observer, anObservation(teacherId));
  moveTo(14);
  const again = await launchAs(toolUrl, school, {
    userId: 'coach-A',
    course: 'A',
    role: 'instructor',
    name: 'Coach A',
  });
  for (const teacherId of COURSE_A) await save(toolUrl, 'conversation', again, aConversation(teacherId));
}

/**
 * The programme view over the HTTP API of a real tool (run on SQLite and on PostgreSQL by the
 * calling file, which starts the tool with `now: () => programmeClock.now` and passes two
 * registered schools on one Canvas issuer).
 */
export function describeProgrammeView(
  setup: () => { tool: TestServer; school: FakePlatform; otherSchool: FakePlatform },
) {
  const url = () => setup().tool.url;

  const tokens: Record<string, string> = {};
  /** Every response body a leader or provider admin received, for the privacy check. */
  const seen: string[] = [];
  async function asViewer(path: string, token: string, init: { method?: string; body?: unknown } = {}) {
    const response = await fetch(`${url()}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    seen.push(text);
    const json = response.headers.get('content-type')?.startsWith('application/json');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the wire shape is what is asserted
    const body: any = json ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body };
  }

  beforeAll(async () => {
    const { school, otherSchool } = setup();
    await seedProgramme(url(), school);
    // The viewers, launched "now" (week 2). The same ids at the other school are other people.
    tokens.admin = await launchAs(url(), school, { userId: 'provider-admin', course: 'A', role: 'admin' });
    tokens.leader = await launchAs(url(), school, {
      userId: 'leader-1',
      course: 'leaders',
      role: 'learner',
      activity: 'programme',
    });
    tokens.coachA = await launchAs(url(), school, {
      userId: 'coach-A',
      course: 'A',
      role: 'instructor',
      name: 'Coach A',
    });
    tokens.teacher = await launchAs(url(), school, { userId: 'teacher-a1', course: 'A', role: 'learner' });
    tokens.otherAdmin = await launchAs(url(), otherSchool, {
      userId: 'provider-admin',
      course: 'A',
      role: 'admin',
    });
    tokens.otherLeader = await launchAs(url(), otherSchool, {
      userId: 'leader-1',
      course: 'leaders',
      role: 'learner',
      activity: 'programme',
    });
  });

  const view = (token: string, query = '?months=1&end=2026-01') =>
    asViewer(`${PROGRAMME_API.view}${query}`, token);

  describe('the programme view: activity, never content', () => {
    it('shows a provider admin their whole institution, led by cadence and steps secured', async () => {
      const { status, body } = await view(tokens.admin!);
      expect(status).toBe(200);
      expect(body.scope).toEqual({ kind: 'tenant' });
      expect(body.period.months).toEqual(['2026-01']);
      // Nine teachers: shown. Six coached twice by conversation, three once; 14 days apart.
      expect(body.summary.programme).toMatchObject({
        suppressed: false,
        teachers: 9,
        teachersCoached: 9,
        medianDaysBetweenConversations: 14,
        securedShare: 6 / 9,
        roundsPerTeacher: 6 / 9,
        reviewedWithin3DaysShare: 4 / 6,
      });
      expect(body.summary.programme.conversationsPerTeacherPerMonth).toBeCloseTo(15 / 9);
    });

    it('shows a group of fewer than five teachers as small, with no figures', async () => {
      const { body } = await view(tokens.admin!);
      const byTitle = Object.fromEntries(
        body.summary.courses.map((course: { title: string; figures: unknown }) => [
          course.title,
          course.figures,
        ]),
      );
      expect(byTitle['Course B']).toEqual({ suppressed: true });
      expect(byTitle['Course A']).toMatchObject({ suppressed: false, teachers: 6, securedShare: 1 });
      const coachB = body.summary.coaches.find((coach: { name: string }) => coach.name === 'Coach B');
      expect(coachB).toEqual({ id: 'coach-B', name: 'Coach B', figures: { suppressed: true }, weeks: null });
      const coachA = body.summary.coaches.find((coach: { name: string }) => coach.name === 'Coach A');
      // The cadence strip: conversations per week, Monday 29 Dec to the week of 19 Jan.
      expect(coachA.weeks).toEqual([0, 6, 0, 6]);
    });

    it('counts nothing outside the chosen period', async () => {
      const { body } = await view(tokens.admin!, '?months=1&end=2025-12');
      // The same nine teachers, none coached or practising in December.
      expect(body.summary.programme).toMatchObject({
        teachers: 9,
        teachersCoached: 0,
        conversationsPerTeacherPerMonth: null,
        medianDaysBetweenConversations: null,
        securedShare: 0,
        roundsPerTeacher: 0,
      });
      expect(body.summary.coaches).toEqual([]);
      expect(body.summary.modules).toEqual([]);
    });

    it('refuses a leader no provider admin has named, a coach and a teacher, saying why', async () => {
      for (const who of ['leader', 'coachA', 'teacher']) {
        const { status, body } = await view(tokens[who]!);
        expect([who, status, body.error.code]).toEqual([who, 403, 'forbidden']);
      }
      expect((await view(tokens.leader!)).body.error.message).toMatch(/provider/);
    });

    it('lets a provider admin name a school and its leader, who then sees only that school', async () => {
      const schools = await asViewer(PROGRAMME_API.schools, tokens.admin!);
      expect(schools.status).toBe(200);
      const courseA = schools.body.courses.find(
        (course: { title: string }) => course.title === 'Course A',
      ).key;
      const schoolId = testId();
      const put = await asViewer(PROGRAMME_API.school(schoolId), tokens.admin!, {
        method: 'PUT',
        body: { name: 'Northfield Academy', courseKeys: [courseA] },
      });
      expect(put.status).toBe(200);
      expect(put.body.schools).toEqual([
        { id: schoolId, name: 'Northfield Academy', courseKeys: [courseA], leaders: [] },
      ]);
      const leader = await asViewer(PROGRAMME_API.leader('leader-1'), tokens.admin!, {
        method: 'PUT',
        body: { name: 'Dana Leader', schoolId },
      });
      expect(leader.status).toBe(200);
      expect(leader.body.schools[0].leaders).toEqual([{ userId: 'leader-1', name: 'Dana Leader' }]);

      const { status, body } = await view(tokens.leader!);
      expect(status).toBe(200);
      expect(body.scope).toEqual({ kind: 'school', names: ['Northfield Academy'] });
      expect(body.summary.courses.map((course: { title: string }) => course.title)).toEqual(['Course A']);
      expect(body.summary.programme).toMatchObject({ suppressed: false, teachers: 6 });
      expect(body.summary.schools).toEqual([
        expect.objectContaining({
          name: 'Northfield Academy',
          courses: 1,
          months: [{ month: '2026-01', conversationsPerTeacher: 2 }],
        }),
      ]);

      // The same user id at another school is someone else: still not a leader there.
      expect((await view(tokens.otherLeader!)).status).toBe(403);
      // And the other school's admin sees none of this school's activity.
      const other = await view(tokens.otherAdmin!);
      expect([other.status, other.body.summary.programme]).toEqual([200, { suppressed: true }]);
      expect(other.body.summary.coaches).toEqual([]);
    });

    it('refuses bad input and changes nothing', async () => {
      const before = (await asViewer(PROGRAMME_API.schools, tokens.admin!)).body;
      const cases: [string, { method: string; body?: unknown }, number][] = [
        [PROGRAMME_API.school(testId()), { method: 'PUT', body: { name: '', courseKeys: [] } }, 400],
        [PROGRAMME_API.school('bad id!'), { method: 'PUT', body: { name: 'X', courseKeys: [] } }, 400],
        [PROGRAMME_API.leader('someone'), { method: 'PUT', body: { name: 'X', schoolId: testId() } }, 400],
        [
          PROGRAMME_API.leader('x'.repeat(256)),
          { method: 'PUT', body: { name: 'X', schoolId: testId() } },
          400,
        ],
        [PROGRAMME_API.school(testId()), { method: 'DELETE' }, 404],
        [PROGRAMME_API.leader('nobody'), { method: 'DELETE' }, 404],
      ];
      for (const [path, init, status] of cases) {
        expect([path, (await asViewer(path, tokens.admin!, init)).status]).toEqual([path, status]);
      }
      for (const query of ['?months=0', '?months=13', '?months=two', '?end=2026-13', '?end=January']) {
        expect([query, (await view(tokens.admin!, query)).status]).toEqual([query, 400]);
      }
      expect((await asViewer(PROGRAMME_API.schools, tokens.admin!)).body).toEqual(before);
      // Only provider admins manage schools, and no leader can name another.
      expect((await api(url(), PROGRAMME_API.schools, { token: tokens.leader })).status).toBe(403);
      const byLeader = await api(url(), PROGRAMME_API.leader('teacher-a1'), {
        method: 'PUT',
        token: tokens.leader,
        body: { name: 'X', schoolId: before.schools[0].id },
      });
      expect(byLeader.status).toBe(403);
    });

    it("keeps a leader's notes on a period theirs alone", async () => {
      const note = { period: '2026-01/1', text: 'Ask the coaches about cover on Thursdays.' };
      const saved = await asViewer(PROGRAMME_API.notes, tokens.leader!, { method: 'PUT', body: note });
      expect([saved.status, saved.body]).toEqual([200, { note: note.text }]);
      expect((await view(tokens.leader!)).body.note).toBe(note.text);
      expect((await view(tokens.admin!)).body.note).toBe('');
      expect((await view(tokens.leader!, '?months=3&end=2026-01')).body.note).toBe('');
      const tooLong = await asViewer(PROGRAMME_API.notes, tokens.leader!, {
        method: 'PUT',
        body: { ...note, text: 'x'.repeat(5001) },
      });
      expect(tooLong.status).toBe(400);
      expect((await view(tokens.leader!)).body.note).toBe(note.text);
      // Someone who is not a leader keeps no notes here.
      expect(
        (await api(url(), PROGRAMME_API.notes, { method: 'PUT', token: tokens.coachA, body: note })).status,
      ).toBe(403);
    });

    it('exports engagement per teacher with LMS identifiers and counts, for provider admins only', async () => {
      const csv = await asViewer(`${PROGRAMME_API.engagement}?months=1&end=2026-01`, tokens.admin!);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = String(csv.body).trim().split('\r\n');
      expect(lines[0]).toBe(
        'course,course_key,lti_user_id,lis_person_sourcedid,period_from,period_to,coaching_conversations,observations,practice_rounds,check_ins,check_ins_from_extension,reflections,engaged',
      );
      expect(lines).toHaveLength(1 + 9);
      const a1 = lines.find((line) => line.includes(',teacher-a1,'))!.split(',');
      expect(a1.slice(2)).toEqual([
        'teacher-a1',
        'SIS-teacher-a1',
        '2026-01-01',
        '2026-01-31',
        '2',
        '1',
        '1',
        '1',
        '0',
        '0',
        'yes',
      ]);
      const b1 = lines.find((line) => line.includes(',teacher-b1,'))!.split(',');
      // Coached, but no practice of their own yet: not engaged by the documented definition.
      expect(b1.at(-1)).toBe('no');
      for (const who of ['leader', 'coachA', 'teacher']) {
        expect((await api(url(), PROGRAMME_API.engagement, { token: tokens[who] })).status).toBe(403);
      }
    });

    it('keeps computed figures for five minutes, refreshes them behind the next visit, and waits after an hour', async () => {
      const started = programmeClock.now;
      const at = (minutes: number) => new Date(started.getTime() + minutes * 60_000);
      try {
        programmeClock.now = at(1);
        const first = await view(tokens.admin!);
        expect(first.body.asOf).toBe(at(1).toISOString());
        const before = first.body.summary.programme.conversationsPerTeacherPerMonth;
        // Another conversation in the period: not in the kept figures yet.
        const coachB = await launchAs(url(), setup().school, {
          userId: 'coach-B',
          course: 'B',
          role: 'instructor',
          name: 'Coach B',
        });
        await save(url(), 'conversation', coachB, aConversation('teacher-b1'));
        const kept = await view(tokens.admin!);
        expect([kept.body.asOf, kept.body.summary.programme.conversationsPerTeacherPerMonth]).toEqual([
          first.body.asOf,
          before,
        ]);

        // Six minutes on: the kept figures still answer at once, and a refresh begins behind them.
        programmeClock.now = at(7);
        expect((await view(tokens.admin!)).body.asOf).toBe(at(1).toISOString());
        await expect.poll(async () => (await view(tokens.admin!)).body.asOf).toBe(at(7).toISOString());
        const refreshed = await view(tokens.admin!);
        expect(refreshed.body.summary.programme.conversationsPerTeacherPerMonth).toBeCloseTo(before + 1 / 9);

        // An hour and more after that: too old to show, computed while the visitor waits.
        programmeClock.now = at(7 + 61);
        expect((await view(tokens.admin!)).body.asOf).toBe(at(68).toISOString());

        // Naming schools regroups the figures: the kept ones go at once.
        const schools = await asViewer(PROGRAMME_API.schools, tokens.admin!);
        const school = schools.body.schools[0];
        programmeClock.now = at(69);
        const renamed = await asViewer(PROGRAMME_API.school(school.id), tokens.admin!, {
          method: 'PUT',
          body: { name: 'Northfield Academy (renamed)', courseKeys: school.courseKeys },
        });
        expect(renamed.status).toBe(200);
        programmeClock.now = at(70);
        const regrouped = await view(tokens.admin!);
        expect(regrouped.body.asOf).toBe(at(70).toISOString());
        expect(regrouped.body.summary.schools.map((row: { name: string }) => row.name)).toContain(
          'Northfield Academy (renamed)',
        );
      } finally {
        programmeClock.now = started;
      }
    });

    it('never gives a leader or provider admin any text a teacher or coach typed', () => {
      expect(seen.length).toBeGreaterThan(10);
      const everything = seen.join('\n');
      for (const text of Object.values(TYPED)) expect(everything).not.toContain(text);
      // Nor a teacher's name: the fixture launches teachers with their ids as names, so no
      // teacher id may appear outside the engagement export (which is for identifying participants).
      const views = seen.filter((body) => !body.startsWith('course,')).join('\n');
      for (const id of [...COURSE_A, ...COURSE_B]) expect(views).not.toContain(id);
    });
  });
}
