import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRACTICE_API } from '../../../shared/protocol/practice-api.ts';
import { serializeModules } from '../../../lti-tool/modules/module-file.ts';
import { api } from '../../harness/api-client.ts';
import { FakePlatform } from '../../harness/fake-platform.ts';
import { aModuleDefinition, aStarterModule, launchModule } from '../../harness/practice.ts';
import { startTestServer, type TestServer } from '../../harness/tool-server.ts';

const STARTER = 'fixture-narrate';
let tool: TestServer;
let school: FakePlatform;
let otherSchool: FakePlatform;
const tokens: Record<string, string> = {};

const moduleIds = async (who: string, query = '') =>
  (await api(tool.url, `${PRACTICE_API.modules}${query}`, { token: tokens[who] })).body.modules.map(
    (module: { id: string }) => module.id,
  );

beforeAll(async () => {
  tool = await startTestServer({
    starterModules: [
      aStarterModule(STARTER),
      aStarterModule('fixture-questions', {
        title: 'Cold call with wait time',
        summary: 'Ask, pause, then name a pupil.',
        phase: 'primary',
        theme: 'questioning-and-checking',
      }),
    ],
  });
  school = await FakePlatform.start('canvas', 'modules-school');
  otherSchool = await FakePlatform.start('canvas', 'modules-other');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  await tool.registerPlatform(otherSchool.registration, [otherSchool.deploymentId]);
  const at = { course: 'course-m', link: 'link-m' };
  tokens.provider = (
    await launchModule(school, tool.url, { userId: 'admin-1', role: 'admin', ...at })
  ).sessionToken;
  tokens.coach = (await launchModule(school, tool.url, { userId: 'instructor-1', ...at })).sessionToken;
  tokens.teacher = (await launchModule(school, tool.url, { userId: 'learner-1', ...at })).sessionToken;
  tokens.otherProvider = (
    await launchModule(otherSchool, tool.url, { userId: 'admin-1', role: 'admin', ...at })
  ).sessionToken;
});
afterAll(async () => {
  await tool?.close();
  await school?.close();
  await otherSchool?.close();
});

describe('the module library', () => {
  it('lists starter modules to everyone, filtered by words, phase and theme', async () => {
    for (const who of ['provider', 'coach', 'teacher']) {
      expect(await moduleIds(who)).toEqual(expect.arrayContaining([STARTER, 'fixture-questions']));
    }
    expect(await moduleIds('teacher', '?query=COLD%20call')).toEqual(['fixture-questions']);
    expect(await moduleIds('teacher', '?theme=routines-and-behaviour')).toEqual([STARTER]);
    expect(await moduleIds('teacher', '?phase=primary')).toEqual(['fixture-questions']);
    const bad = await api(tool.url, `${PRACTICE_API.modules}?phase=university`, { token: tokens.teacher });
    expect(bad.status).toBe(400);
    const one = await api(tool.url, PRACTICE_API.module(STARTER), { token: tokens.teacher });
    expect(one.body.module).toMatchObject({ id: STARTER, origin: 'starter', version: 1 });
    expect(
      (await api(tool.url, PRACTICE_API.module('no-such-module'), { token: tokens.teacher })).status,
    ).toBe(404);
  });
});

describe('authoring modules', () => {
  it('creates a module for this institution only; its id is then taken (409)', async () => {
    const module = aModuleDefinition('school-routines', { title: 'Our entry routine' });
    const created = await api(tool.url, PRACTICE_API.modules, { token: tokens.provider, body: { module } });
    expect(created.status).toBe(201);
    expect(created.body.module).toMatchObject({ id: 'school-routines', origin: 'provider', version: 1 });
    const again = await api(tool.url, PRACTICE_API.modules, { token: tokens.provider, body: { module } });
    expect(again.status).toBe(409);
    expect(await moduleIds('teacher')).toContain('school-routines');
    expect(await moduleIds('otherProvider')).not.toContain('school-routines');
    const otherRead = await api(tool.url, PRACTICE_API.module('school-routines'), {
      token: tokens.otherProvider,
    });
    expect(otherRead.status).toBe(404);
  });

  it('reserves starter ids and refuses coaches and teachers', async () => {
    const starterId = await api(tool.url, PRACTICE_API.modules, {
      token: tokens.provider,
      body: { module: aModuleDefinition(STARTER) },
    });
    expect(starterId.status).toBe(409);
    for (const who of ['coach', 'teacher']) {
      const refused = await api(tool.url, PRACTICE_API.modules, {
        token: tokens[who],
        body: { module: aModuleDefinition(`by-${who}`) },
      });
      expect(refused.status).toBe(403);
    }
    const invalid = await api(tool.url, PRACTICE_API.modules, {
      token: tokens.provider,
      body: {
        module: {
          ...aModuleDefinition('no-criteria'),
          actionStep: { ...aModuleDefinition('x').actionStep, successCriteria: [] },
        },
      },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toMatch(/success criterion/);
  });

  it('saves an edit as the next version, and refuses a stale one (409) without changing anything', async () => {
    const { id, ...content } = aModuleDefinition('edit-me');
    await api(tool.url, PRACTICE_API.modules, {
      token: tokens.provider,
      body: { module: { id, ...content } },
    });
    const edit = { module: { ...content, title: 'Edited once' }, expectedVersion: 1 };
    const saved = await api(tool.url, PRACTICE_API.module(id), {
      method: 'PUT',
      token: tokens.provider,
      body: edit,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.module).toMatchObject({ title: 'Edited once', version: 2 });
    const stale = await api(tool.url, PRACTICE_API.module(id), {
      method: 'PUT',
      token: tokens.provider,
      body: { module: { ...content, title: 'Someone else' }, expectedVersion: 1 },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/version 2/);
    const now = await api(tool.url, PRACTICE_API.module(id), { token: tokens.teacher });
    expect(now.body.module).toMatchObject({ title: 'Edited once', version: 2 });
  });

  it('keeps starter modules read-only (403)', async () => {
    const { id: _id, ...content } = aModuleDefinition(STARTER);
    const refused = await api(tool.url, PRACTICE_API.module(STARTER), {
      method: 'PUT',
      token: tokens.provider,
      body: { module: { ...content, title: 'Mine now' }, expectedVersion: 1 },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/read-only/);
  });
});

describe('importing and exporting module files', () => {
  const file = (modules: unknown[]) =>
    `schemaVersion: 1\nmodules:\n${modules.map((m) => `  - ${JSON.stringify(m)}`).join('\n')}\n`;

  it('imports every module of a file, creating new ones and versioning existing ones', async () => {
    await api(tool.url, PRACTICE_API.modules, {
      token: tokens.provider,
      body: { module: aModuleDefinition('import-existing') },
    });
    const text = serializeModules(
      [aModuleDefinition('import-existing', { title: 'Updated by import' }), aModuleDefinition('import-new')],
      'yaml',
    );
    const imported = await api(tool.url, PRACTICE_API.moduleImport, {
      token: tokens.provider,
      body: { fileName: 'library.yaml', text },
    });
    expect(imported.status).toBe(200);
    expect(imported.body.imported).toEqual([
      { id: 'import-existing', title: 'Updated by import', version: 2, created: false },
      { id: 'import-new', title: 'Narrate the positive', version: 1, created: true },
    ]);
    const updated = await api(tool.url, PRACTICE_API.module('import-existing'), { token: tokens.teacher });
    expect(updated.body.module.title).toBe('Updated by import');
  });

  it('refuses a bad file with each problem’s field and line, storing nothing', async () => {
    const good = aModuleDefinition('bad-file-good');
    const broken = { ...aModuleDefinition('bad-file-broken'), scenarios: [] };
    const text = file([good, broken]);
    const refused = await api(tool.url, PRACTICE_API.moduleImport, {
      token: tokens.provider,
      body: { fileName: 'broken.yaml', text },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('invalid-input');
    expect(refused.body.problems).toEqual([
      expect.objectContaining({ file: 'broken.yaml', field: 'modules[1].scenarios', line: 4 }),
    ]);
    expect(await moduleIds('provider')).not.toContain('bad-file-good');
  });

  it("refuses a file that reuses a starter module's id, naming that id's field and line", async () => {
    const text = file([aModuleDefinition('starter-copy-ok'), aModuleDefinition(STARTER)]);
    const refused = await api(tool.url, PRACTICE_API.moduleImport, {
      token: tokens.provider,
      body: { fileName: 'copy.yaml', text },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.problems).toEqual([
      expect.objectContaining({
        field: 'modules[1].id',
        line: 4,
        message: expect.stringMatching(/starter module/),
      }),
    ]);
    expect(await moduleIds('provider')).not.toContain('starter-copy-ok');
  });

  it('is for providers only', async () => {
    const text = file([aModuleDefinition('by-coach')]);
    const refused = await api(tool.url, PRACTICE_API.moduleImport, {
      token: tokens.coach,
      body: { fileName: 'x.yaml', text },
    });
    expect(refused.status).toBe(403);
  });

  it('exports modules as a file that imports back unchanged, in YAML or JSON', async () => {
    for (const format of ['yaml', 'json'] as const) {
      const response = await fetch(
        `${tool.url}${PRACTICE_API.moduleExport}?ids=edit-me,import-new&format=${format}`,
        {
          headers: { authorization: `Bearer ${tokens.provider}` },
        },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="coaching-modules.${format}"`,
      );
      const text = await response.text();
      const back = await api(tool.url, PRACTICE_API.moduleImport, {
        token: tokens.otherProvider,
        body: { fileName: `coaching-modules.${format}`, text },
      });
      expect(back.status).toBe(200);
      expect(back.body.imported.map((entry: { id: string }) => entry.id)).toEqual(['edit-me', 'import-new']);
      const original = (await api(tool.url, PRACTICE_API.module('edit-me'), { token: tokens.provider })).body
        .module;
      const copy = (await api(tool.url, PRACTICE_API.module('edit-me'), { token: tokens.otherProvider })).body
        .module;
      const { version: _v1, updatedAt: _u1, ...originalContent } = original;
      const { version: _v2, updatedAt: _u2, ...copyContent } = copy;
      expect(copyContent).toEqual(originalContent);
    }
  });

  it("exports all of the institution's own modules when no ids are given, and only to providers", async () => {
    const response = await fetch(`${tool.url}${PRACTICE_API.moduleExport}`, {
      headers: { authorization: `Bearer ${tokens.provider}` },
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(text).toContain('id: school-routines');
    expect(text).not.toContain(`id: ${STARTER}`);
    const byTeacher = await fetch(`${tool.url}${PRACTICE_API.moduleExport}`, {
      headers: { authorization: `Bearer ${tokens.teacher}` },
    });
    expect(byTeacher.status).toBe(403);
  });
});
