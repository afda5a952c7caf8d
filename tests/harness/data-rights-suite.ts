import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { QueryTypes, type Sequelize } from 'sequelize';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand, UsageError, type CliContext } from '../../lti-tool/cli/commands.ts';
import { createDatabase, type Database } from '../../lti-tool/db/database.ts';
import { openSequelize } from '../../lti-tool/db/sequelize.ts';
import { openBlobStore } from '../../lti-tool/media/open-blob-store.ts';
import { API } from '../../shared/protocol/api.ts';
import { CYCLE_API } from '../../shared/protocol/cycle-api.ts';
import { PROGRAMME_API } from '../../shared/protocol/programme-api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { PRIVACY_API } from '../../shared/protocol/privacy-api.ts';
import { SHARING_API } from '../../shared/protocol/sharing-api.ts';
import { api } from './api-client.ts';
import { aSetStepChange, testId } from './builders.ts';
import { pairDevice } from './courses.ts';
import { FakePlatform } from './fake-platform.ts';
import { aFeedback, aRound, aStarterModule, launchModule, putMedia, webmBytes } from './practice.ts';
import type { TestServer } from './tool-server.ts';

/** The one module of the data-rights tests (three success criteria). */
export const DATA_RIGHTS_MODULES = [aStarterModule('fixture-rights', { title: 'Narrate the positive' })];
/** What the suite's tool is started with (env): a small download limit and a short retention. */
export const DATA_RIGHTS_ENV = { DATA_EXPORT_RATE_LIMIT: '4', RECORDING_RETENTION_DAYS: '30' };

const DAY_MS = 24 * 60 * 60 * 1000;
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Every row of every table, as text (bytes left out: they are checked by id), for "no trace of them". */
async function tablesMentioning(sequelize: Sequelize, needle: string): Promise<string[]> {
  const tables =
    sequelize.getDialect() === 'sqlite'
      ? await sequelize.query<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
          { type: QueryTypes.SELECT },
        )
      : await sequelize.query<{ name: string }>(
          "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'",
          { type: QueryTypes.SELECT },
        );
  expect(tables.length).toBeGreaterThan(25);
  const found: string[] = [];
  for (const { name } of tables) {
    const rows = await sequelize.query<Record<string, unknown>>(`SELECT * FROM "${name}"`, {
      type: QueryTypes.SELECT,
    });
    for (const row of rows) {
      const text = JSON.stringify(row, (_key, value: unknown) =>
        Buffer.isBuffer(value) || (value as { type?: string })?.type === 'Buffer' ? '<bytes>' : value,
      );
      if (text.includes(needle)) found.push(`${name}: ${text.slice(0, 200)}`);
    }
  }
  return found;
}

async function download(url: string, token?: string) {
  const response = await fetch(`${url}${PRIVACY_API.myData}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

/**
 * Data rights through the HTTP API and the CLI of a real tool (docs/privacy.md): the teacher's
 * download, recordings' retention, erasure by the operator and a provider admin's request. Run on
 * SQLite and PostgreSQL by the calling test file, with the tool started with DATA_RIGHTS_ENV and
 * DATA_RIGHTS_MODULES.
 */
export function describeDataRights(setup: () => { tool: TestServer; logged: () => string }) {
  describe('data rights', () => {
    const run = randomUUID().slice(0, 8);
    // Distinctive ids: a table scan for one finds nothing else by chance.
    const ana = `learner-ana-${run}`;
    const ben = `learner-ben-${run}`;
    const coach = `instructor-dana-${run}`;
    const admin = `admin-pat-${run}`;
    const tokens = {} as Record<'ana' | 'anaElsewhere' | 'ben' | 'coach' | 'admin', string>;
    const links = {} as Record<'course1' | 'course2', string>;
    const recordings = { ana: testId(), ben: testId(), benNew: testId(), anaLater: testId() };
    const anaRound = testId();
    const benRound = testId();
    let tool: TestServer;
    let platform: FakePlatform;
    let db: Database;
    let sequelize: Sequelize;
    let output: string[];
    let cli: CliContext;

    const launch = async (userId: string, course: string, role?: 'instructor' | 'admin', name?: string) => {
      const page = await launchModule(platform, tool.url, {
        userId,
        course,
        link: `${course}-practice`,
        module: 'fixture-rights',
        ...(role ? { role } : {}),
        ...(name ? { name } : {}),
        // A gradebook: submissions queue scores (grade_jobs) for the person.
        lineItemsUrl: `${platform.base}/lineitems`,
      });
      return { token: page.sessionToken, linkKey: page.activity!.linkKey };
    };

    afterAll(async () => {
      await db?.close();
      await platform?.close();
    });

    it('starts: two teachers and their coach in a course, one of the teachers in a second course too', async () => {
      tool = setup().tool;
      platform = await FakePlatform.start('moodle', `rights-${run}`);
      await tool.registerPlatform(platform.registration, [platform.deploymentId]);
      sequelize = await openSequelize(tool.config);
      db = await createDatabase(sequelize);
      output = [];
      cli = {
        db,
        lti: () => Promise.reject(new Error('not needed')),
        publicUrl: tool.url,
        blobs: () => openBlobStore(tool.config),
        print: (l) => output.push(l),
      };

      const anaPage = await launch(ana, 'course-1', undefined, 'Ana <b>Silva</b>');
      const anaElsewhere = await launch(ana, 'course-2', undefined, 'Ana <b>Silva</b>');
      const benPage = await launch(ben, 'course-1', undefined, 'Ben Okafor');
      const coachPage = await launch(coach, 'course-1', 'instructor', 'Dana Rivera');
      tokens.ana = anaPage.token;
      tokens.anaElsewhere = anaElsewhere.token;
      tokens.ben = benPage.token;
      tokens.coach = coachPage.token;
      links.course1 = anaPage.linkKey;
      links.course2 = anaElsewhere.linkKey;

      // Recordings, then rounds with them.
      expect(
        (await putMedia(tool.url, tokens.ana, recordings.ana, webmBytes(4096), 'audio/webm')).status,
      ).toBe(201);
      expect(
        (await putMedia(tool.url, tokens.ben, recordings.ben, webmBytes(3000), 'audio/webm')).status,
      ).toBe(201);
      const submit = (token: string, body: object) => api(tool.url, PRACTICE_API.rounds, { token, body });
      expect(
        (
          await submit(
            tokens.ana,
            aRound(links.course1, {
              id: anaRound,
              script: 'Row 2 <script>alert("ana")</script> thank you',
              audioId: recordings.ana,
            }),
          )
        ).status,
      ).toBe(201);
      expect(
        (
          await submit(
            tokens.ben,
            aRound(links.course1, { id: benRound, script: `Ben's own words`, audioId: recordings.ben }),
          )
        ).status,
      ).toBe(201);
      // The coach's feedback on both.
      for (const round of [anaRound, benRound]) {
        const feedback = await api(tool.url, PRACTICE_API.roundFeedback(round), {
          token: tokens.coach,
          body: aFeedback(),
        });
        expect(feedback.status).toBe(201);
      }
      // Ana shares her round with Ben, Ben his with Ana: erasing either removes both shares.
      for (const [token, itemId, recipientId, recipientName] of [
        [tokens.ana, anaRound, ben, 'Ben'],
        [tokens.ben, benRound, ana, 'Ana'],
      ] as const) {
        const shared = await api(tool.url, SHARING_API.shares, {
          token,
          body: { kind: 'round', itemId, recipientId, recipientName },
        });
        expect(shared.status).toBe(201);
      }
      // Steps the coach set, an observation and a conversation about each, a planned drop-in for Ana.
      for (const teacher of [ana, ben]) {
        const push = await api(tool.url, API.syncPush, {
          token: tokens.coach,
          body: { changes: [aSetStepChange(teacher, { title: `Step for ${teacher}` })] },
        });
        expect(push.body.results[0].status).toBe('applied');
        const at = new Date().toISOString();
        const observation = await api(tool.url, CYCLE_API.observation(testId()), {
          method: 'PUT',
          token: tokens.coach,
          body: {
            changeId: testId(),
            baseVersion: 0,
            record: {
              teacherId: teacher,
              stepId: null,
              startedAt: at,
              notes: [{ at, text: `Noted about ${teacher}` }],
              criteria: [{ criterion: 'Names two pupils', mark: 'secure' }],
              pupilsDid: 'Settled quickly',
            },
          },
        });
        expect(observation.status).toBe(200);
        const conversation = await api(tool.url, CYCLE_API.conversation(testId()), {
          method: 'PUT',
          token: tokens.coach,
          body: {
            changeId: testId(),
            baseVersion: 0,
            record: {
              teacherId: teacher,
              observationId: null,
              targetPerformance: 'Pupils settle within a minute',
              praise: [{ text: `Praise for ${teacher}`, criterion: null }],
              probingQuestions: ['What did the back row do?'],
              model: { kind: 'own', form: 'performance', description: 'Countdown with a pause' },
              step: { decision: 'keep' },
              rounds: [],
              checkBackOn: new Date(Date.now() + 7 * DAY_MS).toISOString().slice(0, 10),
            },
          },
        });
        expect(conversation.status).toBe(200);
      }
      const plan = await api(tool.url, CYCLE_API.plannedObservation(ana), {
        method: 'PUT',
        token: tokens.coach,
        body: { on: new Date(Date.now() + 2 * DAY_MS).toISOString().slice(0, 10) },
      });
      expect(plan.status).toBe(200);
      // Ana's journal in both courses, a draft, a paired browser.
      const journal = (token: string, path: string, body: object) => api(tool.url, path, { token, body });
      expect(
        (
          await journal(tokens.ana, PRACTICE_API.reflections, {
            id: testId(),
            linkKey: links.course1,
            wentWell: 'It went <script>alert(1)</script> well',
            change: '',
            next: '',
          })
        ).status,
      ).toBe(201);
      for (const [token, linkKey] of [
        [tokens.ana, links.course1],
        [tokens.anaElsewhere, links.course2],
      ] as const) {
        const checkIn = await journal(token!, PRACTICE_API.checkIns, {
          id: testId(),
          linkKey,
          actionStepId: null,
          outcome: 'went-well',
          note: 'Tried it',
        });
        expect(checkIn.status).toBe(201);
      }
      const draft = await api(tool.url, PRACTICE_API.draft(links.course1), {
        method: 'PUT',
        token: tokens.ana,
        body: {
          content: { roundId: testId(), script: 'A draft for next time', selfAssessment: [null, null, null] },
          savedAt: new Date().toISOString(),
        },
      });
      expect(draft.status).toBe(200);
      await pairDevice(tool.url, tokens.ana);
    });

    describe('"Download my data"', () => {
      let files: Record<string, Uint8Array>;

      it('is a ZIP of data.json, index.html and the teacher’s recordings, across their courses', async () => {
        const got = await download(tool.url, tokens.ana);
        expect(got.status).toBe(200);
        expect(got.headers.get('content-type')).toBe('application/zip');
        expect(got.headers.get('content-disposition')).toMatch(
          /^attachment; filename="coaching-data-\d{4}-\d{2}-\d{2}\.zip"$/,
        );
        files = unzipSync(got.bytes);
        console.info(
          `data-rights fixture: the download is ${got.bytes.length} bytes (${Object.keys(files).length} files)`,
        );
        expect(Object.keys(files).sort()).toEqual([
          'data.json',
          'index.html',
          `recordings/${recordings.ana}.webm`,
        ]);
        expect(Buffer.from(files[`recordings/${recordings.ana}.webm`]!).equals(webmBytes(4096))).toBe(true);

        const data = JSON.parse(strFromU8(files['data.json']!));
        expect(data.userId).toBe(ana);
        expect(data.courses.map((c: { course: string }) => c.course).sort()).toEqual([
          'Course course-1',
          'Course course-2',
        ]);
        expect(data.practiceRounds).toHaveLength(1);
        expect(data.practiceRounds[0]).toMatchObject({
          id: anaRound,
          audioId: recordings.ana,
          selfAssessment: ['secure', 'not-yet', 'secure'],
          feedback: { praise: aFeedback().praise, coachName: 'Dana Rivera' },
        });
        expect(data.actionSteps.map((s: { title: string }) => s.title)).toEqual([`Step for ${ana}`]);
        expect(data.observations).toHaveLength(1);
        expect(data.conversations).toHaveLength(1);
        expect(data.conversations[0].record.praise[0].text).toBe(`Praise for ${ana}`);
        expect(data.checkIns.map((c: { course: string }) => c.course).sort()).toEqual([
          'Course course-1',
          'Course course-2',
        ]);
        expect(data.reflections).toHaveLength(1);
        expect(data.drafts[0].content.script).toBe('A draft for next time');
        expect(data.pairedDevices).toHaveLength(1);
        expect(data.recordings).toEqual([
          expect.objectContaining({ id: recordings.ana, size: 4096, purpose: 'rehearsal' }),
        ]);
      });

      it('holds nothing of another teacher', () => {
        const everything = Object.values(files)
          .map((bytes) => Buffer.from(bytes).toString('latin1'))
          .join('\n');
        for (const trace of [
          ben,
          recordings.ben,
          `Ben's own words`,
          `Praise for ${ben}`,
          `Step for ${ben}`,
        ]) {
          expect(everything).not.toContain(trace);
        }
      });

      it('reads as a page with no scripts: what the teacher typed is escaped, recordings play from the folder', () => {
        const page = strFromU8(files['index.html']!);
        expect(page).not.toMatch(/<script/i);
        expect(page).toContain('Row 2 &lt;script&gt;alert(&quot;ana&quot;)&lt;/script&gt; thank you');
        expect(page).toContain('It went &lt;script&gt;alert(1)&lt;/script&gt; well');
        expect(page).toContain('Ana &lt;b&gt;Silva&lt;/b&gt;');
        expect(page).toContain(
          `<audio controls preload="none" src="recordings/${recordings.ana}.webm"></audio>`,
        );
        expect(page).toContain(`Praise for ${ana}`);
        expect(page).not.toMatch(/(src|href)="(https?:|\/\/|\/)/);
      });

      it('is refused without a session (401), and to a coach or a provider admin (403)', async () => {
        expect((await download(tool.url)).status).toBe(401);
        expect((await download(tool.url, tokens.coach)).status).toBe(403);
        const provider = await launch(admin, 'course-1', 'admin');
        tokens.admin = provider.token;
        expect((await download(tool.url, tokens.admin)).status).toBe(403);
      });

      it('is rate-limited per person (DATA_EXPORT_RATE_LIMIT an hour)', async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await download(tool.url, tokens.ana)).status);
        // One download above, three here; the next is refused with a time to wait.
        expect(statuses).toEqual([200, 200, 200, 429]);
        expect((await download(tool.url, tokens.ben)).status).toBe(200);
      });
    });

    describe('retention (RECORDING_RETENTION_DAYS=30)', () => {
      it('deletes only recordings older than the period; their rounds say so and keep the rest', async () => {
        // Ben records a new round now; his first recording and Ana's were made 31 days ago.
        expect(
          (await putMedia(tool.url, tokens.ben, recordings.benNew, webmBytes(2500), 'audio/webm')).status,
        ).toBe(201);
        const second = await api(tool.url, PRACTICE_API.rounds, {
          token: tokens.ben,
          body: aRound(links.course1, { audioId: recordings.benNew }),
        });
        expect(second.status).toBe(201);
        await sequelize.query('UPDATE "media_files" SET "createdAt" = :old WHERE "id" IN (:ids)', {
          replacements: { old: new Date(Date.now() - 31 * DAY_MS), ids: [recordings.ana, recordings.ben] },
        });

        expect(await tool.retention.applyDue()).toBe(2);
        expect(await tool.retention.applyDue()).toBe(0);

        const page = await api(tool.url, PRACTICE_API.practice(links.course1), { token: tokens.ben });
        expect(page.status).toBe(200);
        expect(page.body.recordingRetentionDays).toBe(30);
        const [newest, oldest] = page.body.rounds;
        expect(newest).toMatchObject({ audioId: recordings.benNew });
        expect(newest.audioDeletedAfterDays).toBeUndefined();
        expect(oldest).toMatchObject({
          id: benRound,
          audioId: null,
          audioDeletedAfterDays: 30,
          script: `Ben's own words`,
        });
        expect(oldest.feedback.praise).toBe(aFeedback().praise);
        expect(
          (await api(tool.url, PRACTICE_API.mediaItem(recordings.ben), { token: tokens.ben })).status,
        ).toBe(404);
        expect(
          (
            await fetch(`${tool.url}${PRACTICE_API.mediaItem(recordings.benNew)}`, {
              headers: { authorization: `Bearer ${tokens.ben}` },
            })
          ).status,
        ).toBe(200);
      });
    });

    describe('erasure: npm run lti -- erase', () => {
      it('rejects missing or inconsistent flags with a clear message', async () => {
        const refusal = async (argv: string[]) => {
          const error = await runCommand(argv, cli).catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(UsageError);
          return (error as Error).message;
        };
        expect(await refusal(['erase', '--platform', platform.issuer])).toMatch(/^--user is required/);
        expect(await refusal(['erase', '--user', ana])).toMatch(/^--platform is required/);
        expect(await refusal(['erase', '--user', ana, '--platform', 'not a url'])).toBe(
          '--platform must be a full URL',
        );
        expect(
          await refusal(['erase', '--user', ana, '--platform', platform.issuer, '--deployment', '1']),
        ).toMatch(/^--deployment needs --client-id/);
        expect(await refusal(['erase', '--user', ana, '--platform', 'https://unknown.example'])).toMatch(
          /^No institution of https:\/\/unknown\.example is known/,
        );
        // As an operator runs it: exit code 1, the message on stderr.
        const cliRun = await promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', 'lti-tool/cli/main.ts', 'erase', '--platform', platform.issuer],
          {
            cwd: ROOT,
            env: {
              ...process.env,
              DATA_DIR: tool.dataDir,
              ...(tool.config.databaseUrl ? { DATABASE_URL: tool.config.databaseUrl } : {}),
            },
          },
        ).catch((error: { code: number; stderr: string }) => error);
        expect(cliRun).toMatchObject({ code: 1, stderr: expect.stringContaining('--user is required') });
      });

      it('removes a teacher and everything theirs in every table, and says what it removed', async () => {
        // A recording made after retention ran: its bytes must go too.
        expect(
          (await putMedia(tool.url, tokens.ana, recordings.anaLater, webmBytes(1024), 'audio/webm')).status,
        ).toBe(201);
        expect(await tablesMentioning(sequelize, ana)).not.toEqual([]);
        // Her recordings' bytes, in the blob store (migration 0015): they go too.
        const blobKeys = (
          await sequelize.query<{ blobKey: string }>(
            'SELECT "blobKey" FROM "media_files" WHERE "ownerId" = :ana',
            {
              replacements: { ana },
              type: QueryTypes.SELECT,
            },
          )
        ).map((row) => row.blobKey);
        const store = await openBlobStore(tool.config);
        expect(blobKeys.length).toBeGreaterThanOrEqual(1);
        for (const key of blobKeys) {
          const bytes = await store.get(key);
          expect(bytes).not.toBeNull();
          bytes?.destroy();
        }

        output.length = 0;
        await runCommand(['erase', '--user', ana, '--platform', platform.issuer], cli);
        const printed = output.join('\n');
        expect(printed).toContain(
          `Erased ${ana} at 1 institution of ${platform.issuer}: every registration and deployment`,
        );
        for (const [table, count] of [
          ['practice_rounds', 1],
          ['check_ins', 2],
          ['reflections', 1],
          ['practice_drafts', 1],
          ['observations', 1],
          ['conversations', 1],
          ['planned_observations', 1],
          ['action_steps', 1],
          ['coaching_members', 2],
          ['extension_devices', 1],
          ['media_files', 1],
          ['shares', 2],
        ] as const) {
          expect(printed).toMatch(new RegExp(`^  ${table} +${count}$`, 'm'));
        }
        expect(await tablesMentioning(sequelize, ana)).toEqual([]);
        const media = await sequelize.query('SELECT "id" FROM "media_files" WHERE "id" IN (:ids)', {
          replacements: { ids: [recordings.ana, recordings.anaLater] },
          type: QueryTypes.SELECT,
        });
        expect(media).toEqual([]);
        for (const key of blobKeys) expect(await store.get(key)).toBeNull();
        // Her sign-ins are gone too.
        expect((await api(tool.url, API.myStep, { token: tokens.ana })).status).toBe(401);
      });

      it('keeps what an erased coach gave others: the feedback stays, by "A former coach"', async () => {
        // The provider admin's programme view keeps figures that name the coach: they go too.
        const programme = await api(tool.url, `${PROGRAMME_API.view}?months=1`, { token: tokens.admin });
        expect(programme.status).toBe(200);
        expect(await tablesMentioning(sequelize, coach)).toContainEqual(
          expect.stringMatching(/^programme_snapshots: /),
        );
        output.length = 0;
        await runCommand(
          [
            'erase',
            '--user',
            coach,
            '--platform',
            platform.issuer,
            '--client-id',
            platform.clientId,
            '--deployment',
            platform.deploymentId,
          ],
          cli,
        );
        expect(output.join('\n')).toContain('the one deployment given');
        expect(output.join('\n')).toMatch(/^Kept in others' records/m);
        expect(await tablesMentioning(sequelize, coach)).toEqual([]);

        const page = await api(tool.url, PRACTICE_API.practice(links.course1), { token: tokens.ben });
        const first = page.body.rounds.find((round: { id: string }) => round.id === benRound);
        expect(first.feedback).toMatchObject({ ...aFeedback(), coachName: 'A former coach' });
        const conversations = await api(tool.url, CYCLE_API.myConversations, { token: tokens.ben });
        expect(conversations.body.conversations).toHaveLength(1);
        expect(conversations.body.conversations[0].record.praise[0].text).toBe(`Praise for ${ben}`);
        const step = await api(tool.url, API.myStep, { token: tokens.ben });
        expect(step.body.step.title).toBe(`Step for ${ben}`);
        expect((await api(tool.url, API.myStep, { token: tokens.coach })).status).toBe(401);
      });
    });

    describe('a provider admin’s erasure request', () => {
      let requestId: string;

      it('is recorded for the operator after a confirmation, and logged without the person', async () => {
        const unconfirmed = await api(tool.url, PRIVACY_API.erasureRequests, {
          token: tokens.admin,
          body: { userId: ben },
        });
        expect(unconfirmed.status).toBe(400);
        expect(
          (
            await api(tool.url, PRIVACY_API.erasureRequests, {
              token: tokens.ben,
              body: { userId: ben, confirm: true },
            })
          ).status,
        ).toBe(403);
        const made = await api(tool.url, PRIVACY_API.erasureRequests, {
          token: tokens.admin,
          body: { userId: ` ${ben} `, confirm: true },
        });
        expect(made.status).toBe(201);
        requestId = made.body.request.id;
        expect(JSON.stringify(made.body)).not.toContain(ben);
        expect(setup().logged()).toContain(requestId);
        expect(setup().logged()).not.toContain(ben);
      });

      it('is listed for the operator, who runs it: nothing of the person is left, the request kept without them', async () => {
        output.length = 0;
        await runCommand(['erasure-requests'], cli);
        expect(output.join('\n')).toContain(`${requestId}  requested`);
        expect(output.join('\n')).toContain(`LMS user ${ben}`);

        output.length = 0;
        await runCommand(['erase', '--request', requestId], cli);
        expect(output.join('\n')).toMatch(/^ {2}practice_rounds +2$/m);
        expect(await tablesMentioning(sequelize, ben)).toEqual([]);
        expect(await tablesMentioning(sequelize, recordings.benNew)).toEqual([]);
        const [request] = await sequelize.query<{ status: string; userId: string | null }>(
          'SELECT "status", "userId" FROM "erasure_requests" WHERE "id" = :id',
          { replacements: { id: requestId }, type: QueryTypes.SELECT },
        );
        expect(request).toEqual({ status: 'done', userId: null });
        output.length = 0;
        await runCommand(['erasure-requests'], cli);
        expect(output).toEqual(['No erasure requests are waiting.']);
      });
    });
  });
}
