import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { api } from '../../harness/api-client.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { aModuleDefinition, aRound, launchModule } from '../../harness/practice.ts';
import { startToolServerProcess, type ToolServerProcess } from '../../harness/tool-server-process.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

let dataDir: string;
let first: TestServer | null = null;
let second: ToolServerProcess | null = null;
let school: FakePlatform;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-restart-'));
  school = await FakePlatform.start('moodle', 'restart-school');
});
afterAll(async () => {
  await first?.close();
  await second?.stop();
  await school?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server restart between saving a draft and submitting it', () => {
  it('loses nothing: the draft is there after the restart, and submits as a round', async () => {
    first = await startTestServer({ dataDir });
    await first.registerPlatform(school.registration, [school.deploymentId]);
    // The institution's own module, so nothing depends on the starter library's texts.
    const at = { course: 'course-r', link: 'link-r' };
    const provider = await launchModule(school, first.url, { userId: 'admin-r', role: 'admin', ...at });
    const module = aModuleDefinition('restart-module');
    const created = await api(first.url, PRACTICE_API.modules, {
      token: provider.sessionToken,
      body: { module },
    });
    expect(created.status).toBe(201);
    const teacher = await launchModule(school, first.url, { userId: 'learner-r', ...at, module: module.id });
    const linkKey = teacher.activity!.linkKey;
    const round = aRound(linkKey, { script: 'Saved just before the restart' });
    const draft = {
      content: {
        roundId: round.id,
        script: round.rehearsal.script,
        selfAssessment: ['secure', null, 'not-yet'],
      },
      savedAt: new Date().toISOString(),
    };
    const saved = await api(first.url, PRACTICE_API.draft(linkKey), {
      method: 'PUT',
      token: teacher.sessionToken,
      body: draft,
    });
    expect(saved.status).toBe(200);
    await first.close();
    first = null;

    // A new process on the same data folder (ltijs allows one tool per process).
    second = await startToolServerProcess({ DATA_DIR: dataDir });
    const after = await api(second.url, PRACTICE_API.draft(linkKey), { token: teacher.sessionToken });
    expect(after.status).toBe(200);
    expect(after.body.draft).toEqual(draft);
    const submitted = await api(second.url, PRACTICE_API.rounds, {
      token: teacher.sessionToken,
      body: round,
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body.round).toMatchObject({
      id: round.id,
      roundNumber: 1,
      script: 'Saved just before the restart',
    });
    expect(
      (await api(second.url, PRACTICE_API.draft(linkKey), { token: teacher.sessionToken })).body,
    ).toEqual({
      draft: null,
    });
  });
});
