import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { parseModuleFile, serializeModules } from '../../../../lti-tool/modules/module-file.ts';
import {
  STARTER_DIR,
  STARTER_UPDATED_AT,
  loadStarterModules,
} from '../../../../lti-tool/modules/starter-library.ts';
import { MAX_SUCCESS_CRITERIA } from '../../../../shared/domain/coaching/action-step.ts';
import { CoachingModuleSchema, PHASES, THEMES } from '../../../../shared/domain/coaching/module.ts';

const starterFiles = readdirSync(STARTER_DIR)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('the starter library', () => {
  const modules = loadStarterModules();

  it('holds at least 12 modules, one valid module per file', () => {
    expect(starterFiles.length).toBeGreaterThanOrEqual(12);
    for (const file of starterFiles) {
      const result = parseModuleFile(file, readFileSync(path.join(STARTER_DIR, file), 'utf8'));
      expect(result, file).toMatchObject({ ok: true });
      expect(result.ok && result.modules, file).toHaveLength(1);
    }
    expect(modules).toHaveLength(starterFiles.length);
  });

  it('gives every module a unique starter- id', () => {
    const ids = modules.map((module) => module.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('starter-'))).toBe(true);
  });

  it('marks every module as a starter module, version 1, with the fixed date, valid as stored', () => {
    for (const module of modules) {
      expect(v.is(CoachingModuleSchema, module), module.id).toBe(true);
      expect(module).toMatchObject({ origin: 'starter', version: 1, updatedAt: STARTER_UPDATED_AT });
    }
  });

  it('covers every phase, and every theme at least twice', () => {
    const phases = new Set(modules.map((module) => module.phase));
    expect([...phases].sort()).toEqual([...PHASES].sort());
    for (const theme of THEMES) {
      expect(modules.filter((module) => module.theme === theme).length, theme).toBeGreaterThanOrEqual(2);
    }
  });

  it('follows the coaching model in every module', () => {
    for (const module of modules) {
      const { successCriteria } = module.actionStep;
      expect(successCriteria.length, module.id).toBeGreaterThanOrEqual(2);
      expect(successCriteria.length, module.id).toBeLessThanOrEqual(Math.min(4, MAX_SUCCESS_CRITERIA));
      expect(module.actionStep.whenToPractise, module.id).not.toBe('');
      expect(module.actionStep.why, module.id).not.toBe('');
      expect(module.models.length, module.id).toBeGreaterThanOrEqual(1);
      expect(module.models.length, module.id).toBeLessThanOrEqual(2);
      expect(module.scenarios.length, module.id).toBeGreaterThanOrEqual(2);
      expect(module.scenarios.length, module.id).toBeLessThanOrEqual(4);
      expect(module.reflectionPrompts, module.id).toHaveLength(3);
    }
  });

  it('uses criteria scoring for most modules and completion for a few', () => {
    const completion = modules.filter((module) => module.scoring === 'completion').length;
    expect(completion).toBeGreaterThanOrEqual(1);
    expect(completion).toBeLessThan(modules.length / 2);
  });

  it('keeps to product models, or https performance models on example.org', () => {
    for (const model of modules.flatMap((module) => module.models)) {
      if (model.kind === 'upload') throw new Error('starter modules cannot refer to uploaded media');
      if (model.kind === 'performance') expect(new URL(model.mediaUrl).hostname).toBe('example.org');
    }
  });

  it('does not borrow technique names from published teaching books', () => {
    const published = [
      'cold call',
      'do now',
      'no opt out',
      'turn and talk',
      'think-pair-share',
      'exit ticket',
      'right is right',
      'stretch it',
      'strong voice',
      'means of participation',
      'everybody writes',
      'precise praise',
      'positive framing',
      'show call',
      'hinge question',
      'tight transitions',
    ];
    const text = starterFiles
      .map((file) => readFileSync(path.join(STARTER_DIR, file), 'utf8'))
      .join('\n')
      .toLowerCase();
    expect(published.filter((name) => text.includes(name))).toEqual([]);
  });

  it('is sorted by title', () => {
    const titles = modules.map((module) => module.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en-GB')));
  });

  it('is loaded once per folder and cannot be changed by a caller', () => {
    expect(loadStarterModules()).toBe(modules);
    expect(loadStarterModules(`${STARTER_DIR}${path.sep}`)).toBe(modules);
    const first = modules[0];
    expect(Object.isFrozen(modules)).toBe(true);
    expect(first && Object.isFrozen(first.actionStep.successCriteria)).toBe(true);
  });

  it.each(['json', 'yaml'] as const)(
    'exports every starter module to %s and reads it back unchanged',
    (format) => {
      const text = serializeModules(modules, format);
      const definitions = modules.map(
        ({ origin: _o, version: _v, updatedAt: _u, ...definition }) => definition,
      );
      expect(parseModuleFile(`starter.${format}`, text)).toEqual({ ok: true, modules: definitions });
    },
  );
});

describe('loadStarterModules: fails fast on a broken folder', () => {
  const dirs: string[] = [];
  function folderWith(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'starter-'));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }
  const good = readFileSync(path.join(STARTER_DIR, starterFiles[0] ?? ''), 'utf8');

  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reads only *.yaml files and marks them as starters', () => {
    const dir = folderWith({ 'a.yaml': good, 'notes.txt': 'not a module', 'b.yml.bak': 'x' });
    const modules = loadStarterModules(dir);
    expect(modules).toHaveLength(1);
    expect(modules[0]?.origin).toBe('starter');
  });

  it('throws naming the file, line and field of every problem', () => {
    const broken = good.replace(/^ {4}phase: .*$/m, '    phase: sixth-form');
    const line = broken.split('\n').findIndex((text) => text.includes('sixth-form')) + 1;
    const dir = folderWith({ 'a.yaml': good, 'z-broken.yaml': broken });
    expect(() => loadStarterModules(dir)).toThrow(
      `z-broken.yaml:${line} modules[0].phase: Phase must be one of`,
    );
  });

  it('throws when two files use the same id', () => {
    const dir = folderWith({ 'a.yaml': good, 'b.yaml': good });
    expect(() => loadStarterModules(dir)).toThrow(/b\.yaml starter-[a-z-]+: id already used in a\.yaml/);
  });

  it('throws when the folder holds no module files', () => {
    expect(() => loadStarterModules(folderWith({}))).toThrow(/no \*\.yaml module files/);
  });
});
