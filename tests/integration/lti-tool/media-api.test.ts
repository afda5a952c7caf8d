import { createHash } from 'node:crypto';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openSequelize } from '../../../lti-tool/db/sequelize.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AUDIO_BYTES } from '../../../shared/domain/coaching/practice.ts';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { testId } from '../../harness/builders.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import {
  aRound,
  aStarterModule,
  launchModule,
  PDF_BYTES,
  PNG_BYTES,
  putMedia,
  webmBytes,
} from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const MODULE = 'fixture-narrate';
let tool: TestServer;
let school: FakePlatform;
const tokens: Record<string, string> = {};
let linkKey = '';
let sequelize: Sequelize;

const getMedia = (who: string, id: string) =>
  fetch(`${tool.url}${PRACTICE_API.mediaItem(id)}`, { headers: { authorization: `Bearer ${tokens[who]}` } });

beforeAll(async () => {
  tool = await startTestServer({ starterModules: [aStarterModule(MODULE)] });
  sequelize = await openSequelize(tool.config);
  school = await FakePlatform.start('canvas', 'media-school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  const people = [
    ['ann', 'learner-ann', 'course-a', undefined],
    ['ben', 'learner-ben', 'course-a', undefined],
    ['coachA', 'instructor-a', 'course-a', undefined],
    ['coachB', 'instructor-b', 'course-b', undefined],
    ['providerB', 'admin-b', 'course-b', 'admin'],
  ] as const;
  for (const [who, userId, course, role] of people) {
    const bootstrap = await launchModule(school, tool.url, {
      userId,
      course,
      link: `${course}-link`,
      module: MODULE,
      ...(role ? { role } : {}),
    });
    tokens[who] = bootstrap.sessionToken;
    if (who === 'ann') linkKey = bootstrap.activity!.linkKey;
  }
});
afterAll(async () => {
  await sequelize?.close();
  await tool?.close();
  await school?.close();
});

describe('uploading a recording', () => {
  it('stores real WebM audio (with a codecs parameter) once, and serves it back to its owner', async () => {
    const id = testId();
    const bytes = webmBytes(4096);
    const created = await putMedia(tool.url, tokens.ann!, id, bytes, 'audio/webm;codecs=opus');
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ media: { id, contentType: 'audio/webm', size: 4096 } });
    const again = await putMedia(tool.url, tokens.ann!, id, bytes, 'audio/webm');
    expect(again.status).toBe(200);

    const served = await getMedia('ann', id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('audio/webm');
    expect(served.headers.get('cache-control')).toBe('private, no-store');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-disposition')).toBe(`inline; filename="${id}.webm"`);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('keeps the bytes out of the database, and serves ranges of them so a phone can seek', async () => {
    const id = testId();
    const bytes = webmBytes(50_000);
    expect((await putMedia(tool.url, tokens.ann!, id, bytes, 'audio/webm')).status).toBe(201);
    const [row] = await sequelize.query<{ size: number; blobKey: string; stored: number }>(
      'SELECT "size", "blobKey", length("bytes") AS "stored" FROM "media_files" WHERE "id" = :id',
      { replacements: { id }, type: QueryTypes.SELECT },
    );
    expect(row).toEqual({
      size: 50_000,
      blobKey: createHash('sha256').update(bytes).digest('hex'),
      stored: 0,
    });

    const ranged = async (range: string) =>
      fetch(`${tool.url}${PRACTICE_API.mediaItem(id)}`, {
        headers: { authorization: `Bearer ${tokens.ann}`, range },
      });
    const middle = await ranged('bytes=1000-1999');
    expect(middle.status).toBe(206);
    expect(middle.headers.get('content-range')).toBe('bytes 1000-1999/50000');
    expect(middle.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const tail = await ranged('bytes=-100');
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(49_900))).toBe(true);
    const past = await ranged('bytes=50000-');
    expect([past.status, past.headers.get('content-range')]).toEqual([416, 'bytes */50000']);
  });

  it('refuses a type teachers may not upload, and content that is not what it claims (400)', async () => {
    const wrongType = await putMedia(tool.url, tokens.ann!, testId(), PNG_BYTES, 'image/png');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error?.message).toMatch(/audio\/webm/);
    const id = testId();
    const renamed = await putMedia(tool.url, tokens.ann!, id, PDF_BYTES, 'audio/webm');
    expect(renamed.status).toBe(400);
    expect(renamed.body.error?.message).toMatch(/not audio\/webm/);
    expect((await getMedia('ann', id)).status).toBe(404);
  });

  it('refuses a recording over the limit with 413, declared or streamed, and stores nothing', async () => {
    const declared = testId();
    const tooBig = await putMedia(
      tool.url,
      tokens.ann!,
      declared,
      webmBytes(MAX_AUDIO_BYTES + 1),
      'audio/webm',
    );
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error?.message).toMatch(/larger than 10 MB/);
    expect((await getMedia('ann', declared)).status).toBe(404);

    // No Content-Length: the server counts as it reads, and stops at the limit.
    const streamed = testId();
    const chunk = webmBytes(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_AUDIO_BYTES + chunk.length) controller.close();
        else {
          sent += chunk.length;
          controller.enqueue(chunk);
        }
      },
    });
    const refused = await putMedia(tool.url, tokens.ann!, streamed, body, 'audio/webm');
    expect(refused.status).toBe(413);
    expect((await getMedia('ann', streamed)).status).toBe(404);
  });

  it('takes a coach’s model recording as audio of the recording’s limits, and nothing else', async () => {
    expect((await putMedia(tool.url, tokens.coachA!, testId(), webmBytes(), 'audio/webm')).status).toBe(201);
    const pdf = await putMedia(tool.url, tokens.coachA!, testId(), PDF_BYTES, 'application/pdf');
    expect([pdf.status, pdf.body.error?.message]).toEqual([
      400,
      expect.stringMatching(/model recording must be/),
    ]);
    const huge = await putMedia(
      tool.url,
      tokens.coachA!,
      testId(),
      webmBytes(MAX_AUDIO_BYTES + 1),
      'audio/webm',
    );
    expect([huge.status, huge.body.error?.message]).toEqual([
      413,
      expect.stringMatching(/record a shorter model/),
    ]);
  });
});

describe('who may fetch a file', () => {
  it("lets the course's coach hear a rehearsal, and no one else", async () => {
    const id = testId();
    expect((await putMedia(tool.url, tokens.ann!, id, webmBytes(), 'audio/webm')).status).toBe(201);
    expect((await getMedia('coachA', id)).status).toBe(200);
    for (const who of ['ben', 'coachB', 'providerB']) expect((await getMedia(who, id)).status).toBe(404);
  });

  it("lets anyone in the institution see a provider's model file; a PDF downloads rather than opens", async () => {
    const id = testId();
    const stored = await putMedia(tool.url, tokens.providerB!, id, PDF_BYTES, 'application/pdf');
    expect(stored.status).toBe(201);
    const served = await getMedia('ann', id);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(served.headers.get('content-disposition')).toBe(`attachment; filename="${id}.pdf"`);
  });

  it("refuses another person's id for an upload (409)", async () => {
    const id = testId();
    await putMedia(tool.url, tokens.ann!, id, webmBytes(), 'audio/webm');
    expect((await putMedia(tool.url, tokens.ben!, id, webmBytes(), 'audio/webm')).status).toBe(409);
  });
});

describe('a round with a recording', () => {
  it('accepts the trainee’s own recording, and refuses someone else’s', async () => {
    const mine = testId();
    await putMedia(tool.url, tokens.ann!, mine, webmBytes(), 'audio/webm');
    const withAudio = aRound(linkKey, { script: '', audioId: mine });
    const accepted = await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: withAudio });
    expect(accepted.status).toBe(201);
    expect(accepted.body.round.audioId).toBe(mine);

    const bens = testId();
    await putMedia(tool.url, tokens.ben!, bens, webmBytes(), 'audio/webm');
    const borrowed = aRound(linkKey, { audioId: bens });
    const refused = await api(tool.url, PRACTICE_API.rounds, { token: tokens.ann, body: borrowed });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/audioId/);
    const practice = await api(tool.url, PRACTICE_API.practice(linkKey), { token: tokens.ann });
    expect(practice.body.rounds.map((round: { id: string }) => round.id)).toEqual([withAudio.id]);
  });
});
