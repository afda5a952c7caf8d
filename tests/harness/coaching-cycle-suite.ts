import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { ConversationInput, ObservationInput } from '../../shared/domain/coaching/cycle.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { API } from '../../shared/protocol/api.ts';
import { CYCLE_API } from '../../shared/protocol/cycle-api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { api } from './api-client.ts';
import { putMedia, webmBytes } from './practice.ts';
import { aSetStepChange, aStepInput, testId } from './builders.ts';
import { launchInCourse } from './courses.ts';
import { FakePlatform } from './fake-platform.ts';
import type { TestServer } from './tool-server.ts';

/**
 * The tool's clock in these tests: a Wednesday evening, moved past midnight by the test that needs
 * a day to pass (within a page session's 2 hours).
 */
export const cycleClock = { now: new Date('2026-12-02T23:00:00.000Z') };

/** A starter module: a conversation takes a step from it. */
const starter = loadStarterModules()[0]!;

const day = (offsetDays: number) =>
  new Date(cycleClock.now.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const anObservation = (teacherId: string, overrides: Partial<ObservationInput> = {}): ObservationInput => ({
  teacherId,
  stepId: null,
  startedAt: cycleClock.now.toISOString(),
  notes: [{ at: cycleClock.now.toISOString(), text: 'Countdown from 5; 3 pupils still talking at 1' }],
  criteria: [
    { criterion: 'Countdown from 5 with a pause', mark: 'secure' },
    { criterion: 'Two pupils praised by name', mark: 'not-yet' },
  ],
  pupilsDid: 'Most started the retrieval quiz within a minute',
  ...overrides,
});

const aConversation = (teacherId: string, overrides: Partial<ConversationInput> = {}): ConversationInput => ({
  teacherId,
  observationId: null,
  targetPerformance: 'Pupils start work promptly after the transition',
  praise: [{ text: 'Your countdown had a clear pause at 3', criterion: 'Countdown from 5 with a pause' }],
  probingQuestions: ['What did the pupils at the back do at 1?'],
  model: { kind: 'own', form: 'performance', description: 'I modelled the countdown with narration' },
  step: {
    decision: 'next',
    fromModule: null,
    step: aStepInput({
      title: 'Narrate the positive during the countdown',
      successCriteria: ['Two names by 3'],
    }),
  },
  rounds: [
    { criteria: [{ criterion: 'Two names by 3', mark: 'not-yet' }], feedback: 'Names came after 1' },
    { criteria: [{ criterion: 'Two names by 3', mark: 'secure' }], feedback: 'Both names by 3' },
  ],
  checkBackOn: day(7),
  ...overrides,
});

const save = (kind: 'observation' | 'conversation', token: string, id: string, body: object) =>
  api(tool().url, kind === 'observation' ? CYCLE_API.observation(id) : CYCLE_API.conversation(id), {
    method: 'PUT',
    token,
    body,
  });

let current: TestServer | null = null;
const tool = () => current!;

/**
 * The coach's weekly cycle through the HTTP API of a real tool, run on SQLite and on PostgreSQL
 * (the server is started by the calling test file, with `now: () => cycleClock.now`).
 */
export function describeCoachingCycle(setup: () => TestServer) {
  describe('the coach’s weekly cycle', () => {
    const tokens: Record<string, string> = {};
    let platform: FakePlatform;

    it('starts: a coach and two teachers in a course, another course beside it', async () => {
      current = setup();
      platform = await FakePlatform.start('moodle', `cycle-${testId()}`);
      await tool().registerPlatform(platform.registration, [platform.deploymentId]);
      tokens.coach = await launchInCourse(tool().url, platform, 'course-1', 'instructor-1');
      tokens.amira = await launchInCourse(tool().url, platform, 'course-1', 'learner-amira');
      tokens.ben = await launchInCourse(tool().url, platform, 'course-1', 'learner-ben');
      tokens.otherCoach = await launchInCourse(tool().url, platform, 'course-2', 'instructor-2');
      tokens.otherTeacher = await launchInCourse(tool().url, platform, 'course-2', 'learner-other');
      const set = await api(tool().url, API.syncPush, {
        token: tokens.coach,
        body: { changes: [aSetStepChange('learner-amira', { title: 'Entry routine' })] },
      });
      expect(set.body.results[0].status).toBe('applied');
    });

    it('lists every teacher on the caseload, never met first, with their current step', async () => {
      const caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      expect(caseload.status).toBe(200);
      expect(caseload.body.today).toBe(day(0));
      expect(caseload.body.rhythm).toEqual({ kind: 'weekly' });
      expect(caseload.body.teachers.map((t: { teacherId: string }) => t.teacherId).sort()).toEqual([
        'learner-amira',
        'learner-ben',
      ]);
      const amira = caseload.body.teachers.find(
        (t: { teacherId: string }) => t.teacherId === 'learner-amira',
      );
      expect(amira).toEqual(
        expect.objectContaining({ urgency: 'not-started', lastObservationAt: null, checkBackOn: null }),
      );
      expect(amira.step.title).toBe('Entry routine');
    });

    it('saves an observation once however often it is sent; a stale edit is a 409 that keeps the stored one', async () => {
      const id = testId();
      const first = { changeId: testId(), baseVersion: 0, record: anObservation('learner-amira') };
      const saved = await save('observation', tokens.coach!, id, first);
      expect(saved.status).toBe(200);
      expect(saved.body.version).toBe(1);
      const retry = await save('observation', tokens.coach!, id, first);
      expect([retry.status, retry.body.version]).toEqual([200, 1]);

      const phone = {
        changeId: testId(),
        baseVersion: 1,
        record: anObservation('learner-amira', { pupilsDid: 'From the phone' }),
      };
      const laptop = {
        changeId: testId(),
        baseVersion: 1,
        record: anObservation('learner-amira', { pupilsDid: 'From the laptop' }),
      };
      expect((await save('observation', tokens.coach!, id, phone)).body.version).toBe(2);
      const stale = await save('observation', tokens.coach!, id, laptop);
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/another device/);
      expect(stale.body.current.record.pupilsDid).toBe('From the phone');
      const stored = await api(tool().url, CYCLE_API.observation(id), { token: tokens.coach });
      expect([stored.body.version, stored.body.record.pupilsDid]).toEqual([2, 'From the phone']);
    });

    it('refuses observations it must not keep, and stores nothing for them', async () => {
      const refused = async (token: string, record: unknown) => {
        const id = testId();
        const response = await save('observation', token, id, { changeId: testId(), baseVersion: 0, record });
        const after = await api(tool().url, CYCLE_API.observation(id), { token: tokens.coach });
        expect(after.status).toBe(404);
        return response;
      };
      // A teacher of another course, from this course's coach: as if they did not exist.
      expect((await refused(tokens.coach!, anObservation('learner-other'))).status).toBe(404);
      // A teacher cannot observe; nor can the other course's coach see this course's teacher.
      expect((await refused(tokens.amira!, anObservation('learner-amira'))).status).toBe(403);
      expect((await refused(tokens.otherCoach!, anObservation('learner-amira'))).status).toBe(404);
      const long = await refused(
        tokens.coach!,
        anObservation('learner-amira', { pupilsDid: 'x'.repeat(501) }),
      );
      expect([long.status, long.body.error.message]).toEqual([
        400,
        expect.stringMatching(/What pupils did must be at most 500/),
      ]);
      const many = anObservation('learner-amira', {
        notes: Array.from({ length: 41 }, () => ({ at: cycleClock.now.toISOString(), text: 'note' })),
      });
      expect((await refused(tokens.coach!, many)).status).toBe(400);
      const future = anObservation('learner-amira', { startedAt: `${day(1)}T09:00:00.000Z` });
      expect((await refused(tokens.coach!, future)).body.error.message).toMatch(/future/);
      // Observations record teaching, not pupils: a pupil's name has nowhere to go.
      const id = testId();
      const withPupil = { ...anObservation('learner-amira'), pupilName: 'Jamie S.' };
      await save('observation', tokens.coach!, id, { changeId: testId(), baseVersion: 0, record: withPupil });
      const stored = await api(tool().url, CYCLE_API.observation(id), { token: tokens.coach });
      expect(JSON.stringify(stored.body)).not.toContain('Jamie');
    });

    it('holds a conversation that secures the step and sets the next one, with its check-back, in one save', async () => {
      const before = await api(tool().url, API.myStep, { token: tokens.amira });
      const id = testId();
      const saved = await save('conversation', tokens.coach!, id, {
        changeId: testId(),
        baseVersion: 0,
        record: aConversation('learner-amira'),
      });
      expect(saved.status).toBe(200);
      const now = await api(tool().url, API.myStep, { token: tokens.amira });
      expect(now.body.step).toEqual(
        expect.objectContaining({
          id,
          title: 'Narrate the positive during the countdown',
          checkBackOn: day(7),
        }),
      );
      // The teacher's extension pulls both: the old step secured (still archived), the new one current.
      const pull = await api(tool().url, `${API.syncPull}?since=0`, { token: tokens.amira });
      const old = pull.body.steps.find((s: { id: string }) => s.id === before.body.step.id);
      expect(old).toEqual(
        expect.objectContaining({
          status: 'archived',
          securedAt: cycleClock.now.toISOString(),
          // Who secured it: the coach, by the name their LMS sent.
          securedByName: 'Ida Instructor',
        }),
      );
      // Their steps over time: the secured one dated, the new one current.
      const history = await api(tool().url, PRACTICE_API.myHistory, { token: tokens.amira });
      expect(history.status).toBe(200);
      expect(
        history.body.steps.map((s: { id: string; securedAt?: string }) => [s.id, s.securedAt ?? null]),
      ).toEqual(
        expect.arrayContaining([
          [before.body.step.id, cycleClock.now.toISOString()],
          [id, null],
        ]),
      );
      // The record is the teacher's to read.
      const mine = await api(tool().url, CYCLE_API.myConversations, { token: tokens.amira });
      expect(mine.body.conversations.map((c: { id: string }) => c.id)).toEqual([id]);
      expect(mine.body.conversations[0].record.rounds).toHaveLength(2);
      const ben = await api(tool().url, CYCLE_API.myConversations, { token: tokens.ben });
      expect(ben.body.conversations).toEqual([]);
    });

    it('refuses a check-back in the past, or keeping a step that does not exist, and changes nothing', async () => {
      const stepBefore = (await api(tool().url, API.myStep, { token: tokens.amira })).body.step;
      const past = await save('conversation', tokens.coach!, testId(), {
        changeId: testId(),
        baseVersion: 0,
        record: aConversation('learner-amira', { checkBackOn: day(-1) }),
      });
      expect([past.status, past.body.error.message]).toEqual([400, expect.stringMatching(/in the past/)]);
      expect((await api(tool().url, API.myStep, { token: tokens.amira })).body.step).toEqual(stepBefore);

      const keepNothing = await save('conversation', tokens.coach!, testId(), {
        changeId: testId(),
        baseVersion: 0,
        record: aConversation('learner-ben', { step: { decision: 'keep' } }),
      });
      expect([keepNothing.status, keepNothing.body.error.message]).toEqual([
        400,
        expect.stringMatching(/no current step/),
      ]);
      expect(
        (await api(tool().url, CYCLE_API.myConversations, { token: tokens.ben })).body.conversations,
      ).toEqual([]);
    });

    it('puts the overdue first once time passes, and shows what is new since the coach looked', async () => {
      const benStep = await save('conversation', tokens.coach!, testId(), {
        changeId: testId(),
        baseVersion: 0,
        record: aConversation('learner-ben', {
          checkBackOn: day(0),
          step: {
            decision: 'next',
            fromModule: starter.id,
            step: aStepInput({ title: starter.actionStep.title }),
          },
        }),
      });
      expect(benStep.status).toBe(200);
      // A step taken from a module brings that module's probing questions to the next conversation.
      const start = await api(tool().url, CYCLE_API.cycleStart('learner-ben'), { token: tokens.coach });
      expect(start.body.suggestedProbes).toEqual(starter.reflectionPrompts);
      const typed = await api(tool().url, CYCLE_API.cycleStart('learner-amira'), { token: tokens.coach });
      expect(typed.body.suggestedProbes).toEqual([]);
      let caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      expect(
        caseload.body.teachers.map((t: { teacherId: string; urgency: string }) => [t.teacherId, t.urgency]),
      ).toEqual([
        ['learner-ben', 'due-soon'],
        ['learner-amira', 'on-track'],
      ]);
      // Past midnight: Ben's check-back was yesterday.
      cycleClock.now = new Date(cycleClock.now.getTime() + 90 * 60 * 1000);
      caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      const order = (body: { teachers: { teacherId: string; urgency: string }[] }) =>
        body.teachers.map((t) => [t.teacherId, t.urgency]);
      expect(order(caseload.body)).toEqual([
        ['learner-ben', 'overdue'],
        ['learner-amira', 'on-track'],
      ]);
      const waiting = (body: { teachers: { teacherId: string; waiting: object }[] }) =>
        body.teachers.find((t) => t.teacherId === 'learner-amira')!.waiting;
      expect(waiting(caseload.body)).toEqual({ rounds: 0, checkIns: 0, reflections: 0 });
      cycleClock.now = new Date(cycleClock.now.getTime() + 60_000);
      const checkIn = await api(tool().url, PRACTICE_API.checkIns, {
        token: tokens.amira,
        body: { id: testId(), outcome: 'went-well', note: '' },
      });
      expect(checkIn.status).toBe(201);
      // New since the coach last looked, once: the next look has seen it.
      caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      expect(waiting(caseload.body)).toEqual({ rounds: 0, checkIns: 1, reflections: 0 });
      caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      expect(waiting(caseload.body)).toEqual({ rounds: 0, checkIns: 0, reflections: 0 });
    });

    it("plans the next drop-in, and puts it and the check-backs in the coach's calendar feed", async () => {
      const plan = (on: string | null, teacher = 'learner-amira') =>
        api(tool().url, CYCLE_API.plannedObservation(teacher), {
          method: 'PUT',
          token: tokens.coach,
          body: { on },
        });
      expect((await plan(day(-1))).status).toBe(400);
      expect((await plan(day(1), 'learner-other')).status).toBe(404);
      expect((await plan(day(1))).status).toBe(200);
      const caseload = await api(tool().url, CYCLE_API.caseload, { token: tokens.coach });
      const amira = caseload.body.teachers.find(
        (t: { teacherId: string }) => t.teacherId === 'learner-amira',
      );
      expect(amira.observationPlannedOn).toBe(day(1));

      const feed = await api(tool().url, '/api/reminders/feed', { method: 'POST', token: tokens.coach });
      expect(feed.status).toBe(201);
      const ics = await (await fetch(feed.body.url)).text();
      const ical = ICAL.Component.fromString(ics);
      const summaries = ical.getAllSubcomponents('vevent').map((event) => new ICAL.Event(event).summary);
      expect(summaries).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Check back: .+ — Narrate the positive during the countdown$/),
          expect.stringMatching(/^Observe: /),
        ]),
      );
      // Names and step titles only: nothing anyone wrote in a conversation.
      expect(ics).not.toContain('Names came after 1');
      expect((await plan(null)).status).toBe(200);
    });

    it('keeps the course rhythm the coach sets, and refuses one it cannot use', async () => {
      const bad = await api(tool().url, CYCLE_API.rhythm, {
        method: 'PUT',
        token: tokens.coach,
        body: { rhythm: { kind: 'custom', days: 0 } },
      });
      expect(bad.status).toBe(400);
      const good = await api(tool().url, CYCLE_API.rhythm, {
        method: 'PUT',
        token: tokens.coach,
        body: { rhythm: { kind: 'fortnightly' } },
      });
      expect(good.status).toBe(200);
      expect((await api(tool().url, CYCLE_API.caseload, { token: tokens.coach })).body.rhythm).toEqual({
        kind: 'fortnightly',
      });
      await platform.close();
    });

    it('lets the teacher play the model their coach recorded for them, and no one else outside the course’s coaches', async () => {
      const play = async (who: string, mediaId: string) =>
        (
          await fetch(`${tool().url}${PRACTICE_API.mediaItem(mediaId)}`, {
            headers: { authorization: `Bearer ${tokens[who]}` },
          })
        ).status;
      const model = testId();
      expect((await putMedia(tool().url, tokens.coach!, model, webmBytes(), 'audio/webm')).status).toBe(201);
      // Not the teacher's until a conversation with them names it.
      expect(await play('amira', model)).toBe(404);

      const withRecording = (mediaId: string) =>
        aConversation('learner-amira', {
          step: { decision: 'keep' },
          model: {
            kind: 'own',
            form: 'performance',
            description: '',
            recording: { mediaId, contentType: 'audio/webm' },
          },
        });
      // A record may only name the coach's own model recording in this course: never a trainee's
      // rehearsal (it would open it to another teacher) nor another course's file.
      const rehearsal = testId();
      expect((await putMedia(tool().url, tokens.ben!, rehearsal, webmBytes(), 'audio/webm')).status).toBe(
        201,
      );
      const elsewhere = testId();
      expect(
        (await putMedia(tool().url, tokens.otherCoach!, elsewhere, webmBytes(), 'audio/webm')).status,
      ).toBe(201);
      const before = (await api(tool().url, CYCLE_API.myConversations, { token: tokens.amira })).body;
      for (const mediaId of [rehearsal, elsewhere, testId()]) {
        const refused = await save('conversation', tokens.coach!, testId(), {
          changeId: testId(),
          baseVersion: 0,
          record: withRecording(mediaId),
        });
        expect([refused.status, refused.body.error.message]).toEqual([
          400,
          expect.stringMatching(/model recording was not uploaded from your device/),
        ]);
      }
      expect((await api(tool().url, CYCLE_API.myConversations, { token: tokens.amira })).body).toEqual(
        before,
      );
      expect(await play('amira', rehearsal)).toBe(404);

      const id = testId();
      const saved = await save('conversation', tokens.coach!, id, {
        changeId: testId(),
        baseVersion: 0,
        record: withRecording(model),
      });
      expect(saved.status).toBe(200);
      const mine = (await api(tool().url, CYCLE_API.myConversations, { token: tokens.amira })).body;
      expect(mine.conversations[0].record.model.recording).toEqual({
        mediaId: model,
        contentType: 'audio/webm',
      });
      expect(await play('amira', model)).toBe(200);
      expect(await play('coach', model)).toBe(200);
      for (const who of ['ben', 'otherTeacher', 'otherCoach']) expect(await play(who, model)).toBe(404);

      // Access follows the record: an edit that drops the recording closes it again.
      const edited = await save('conversation', tokens.coach!, id, {
        changeId: testId(),
        baseVersion: saved.body.version,
        record: aConversation('learner-amira', { step: { decision: 'keep' } }),
      });
      expect(edited.status).toBe(200);
      expect(await play('amira', model)).toBe(404);
    });
  });
}
