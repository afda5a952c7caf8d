import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_REPORTED_PROBLEMS,
  fieldPath,
  parseModuleFile,
  serializeModules,
} from '../../../../lti-tool/modules/module-file.ts';
import type { CoachingModule, ModuleDefinition } from '../../../../shared/domain/coaching/module.ts';

function aModule(overrides: Partial<ModuleDefinition> = {}): ModuleDefinition {
  return {
    id: 'test-module',
    title: 'A test module',
    summary: 'What it is for.',
    phase: 'primary',
    theme: 'feedback',
    targetPerformance: 'Pupils act on feedback within the lesson.',
    models: [{ kind: 'product', title: 'Script', text: 'Say this.\nThen this.' }],
    actionStep: {
      title: 'Give one next step',
      what: '',
      successCriteria: ['Each comment is specific'],
      whenToPractise: 'Tuesday, period 2',
      why: '',
    },
    scenarios: ['A pupil is stuck'],
    reflectionPrompts: ['What went well?'],
    scoring: 'criteria',
    ...overrides,
  };
}

/** The 1-based line of the first line of `text` containing `needle` (after `from`, if given). */
function lineOf(text: string, needle: string, from = 1): number {
  const index = text.split('\n').findIndex((line, i) => i + 1 >= from && line.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  return index + 1;
}

function problemsOf(text: string, fileName = 'modules.yaml') {
  const result = parseModuleFile(fileName, text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

const VALID_YAML = `schemaVersion: 1
modules:
  - id: first-module
    title: First
    summary: A summary
    phase: secondary
    theme: questioning-and-checking
    targetPerformance: Everyone answers.
    models:
      - kind: product
        text: A script
    actionStep:
      title: Ask then name
      successCriteria:
        - Question before name
      whenToPractise: Monday
    scenarios:
      - A pupil says "I don't know"
    reflectionPrompts:
      - What went well?
`;

describe('parseModuleFile: valid files', () => {
  it('reads a YAML file and fills in defaults from the contract', () => {
    const result = parseModuleFile('a.yaml', VALID_YAML);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.modules).toHaveLength(1);
    expect(result.modules[0]).toMatchObject({
      id: 'first-module',
      scoring: 'criteria',
      actionStep: { what: '', why: '', successCriteria: ['Question before name'] },
      models: [{ kind: 'product', title: '', text: 'A script' }],
    });
  });

  it('tells JSON from YAML by content, not by the file name', () => {
    const json = serializeModules([aModule()], 'json');
    const asYamlName = parseModuleFile('modules.yaml', json);
    const asJsonName = parseModuleFile('modules.json', json);
    expect(asYamlName).toEqual(asJsonName);
    expect(asYamlName.ok && asYamlName.modules[0]?.id).toBe('test-module');
  });

  it('reads JSON indented with tabs', () => {
    const json = JSON.stringify({ schemaVersion: 1, modules: [aModule()] }, null, '\t');
    expect(parseModuleFile('m.json', json)).toEqual({ ok: true, modules: [aModule()] });
  });
});

describe('serializeModules round trip', () => {
  const modules: ModuleDefinition[] = [
    aModule(),
    aModule({
      id: 'every-model-kind',
      title: 'yes', // a YAML 1.1 boolean, must stay text
      summary: '#not a comment: and a colon, "quotes" and \'apostrophes\'',
      phase: 'further-education',
      theme: 'adaptive-teaching',
      targetPerformance: '- looks like a list item\n  but is text over two lines',
      models: [
        { kind: 'product', title: '', text: 'Line one\n\nLine three after a blank line' },
        {
          kind: 'performance',
          title: 'Video',
          mediaUrl: 'https://example.org/model.mp4',
          notes: 'Watch 0:30–1:10',
        },
        {
          kind: 'upload',
          title: '',
          mediaId: 'media-12345678',
          fileName: 'model.pdf',
          contentType: 'application/pdf',
          notes: '',
        },
      ],
      actionStep: {
        title: '100',
        what: 'Do it like this: first, then.',
        successCriteria: ['One', 'null', 'true', '3.14', 'Five: five'],
        whenToPractise: 'Every lesson',
        why: 'Because.',
      },
      scenarios: ['scenario 0', 'scenario 1'],
      reflectionPrompts: ['a', 'b', 'c'],
      scoring: 'completion',
    }),
  ];

  it.each(['json', 'yaml'] as const)('reads back the same modules from %s', (format) => {
    const text = serializeModules(modules, format);
    expect(parseModuleFile(`export.${format}`, text)).toEqual({ ok: true, modules });
  });

  it.each(['json', 'yaml'] as const)('leaves out origin, version and updatedAt (%s)', (format) => {
    const stored: CoachingModule = {
      ...aModule(),
      origin: 'provider',
      version: 7,
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const text = serializeModules([stored], format);
    expect(text).not.toMatch(/origin|updatedAt|version: 7|"version"/);
    expect(parseModuleFile('x', text)).toEqual({ ok: true, modules: [aModule()] });
  });

  it('writes keys in a stable, readable order and leaves out empty optional text', () => {
    const text = serializeModules([aModule()], 'json');
    const file = JSON.parse(text) as { schemaVersion: number; modules: Record<string, unknown>[] };
    expect(Object.keys(file)).toEqual(['schemaVersion', 'modules']);
    expect(Object.keys(file.modules[0] ?? {})).toEqual([
      'id',
      'title',
      'summary',
      'phase',
      'theme',
      'targetPerformance',
      'models',
      'actionStep',
      'scenarios',
      'reflectionPrompts',
      'scoring',
    ]);
    expect(Object.keys(file.modules[0]?.['actionStep'] ?? {})).toEqual([
      'title',
      'successCriteria',
      'whenToPractise',
    ]);
  });

  it('starts a YAML export with schemaVersion and a pointer to the documentation', () => {
    const text = serializeModules([aModule()], 'yaml');
    expect(text.split('\n').slice(0, 2)).toEqual([
      '# Coaching modules, schemaVersion 1: see docs/module-schema.md',
      'schemaVersion: 1',
    ]);
  });
});

describe('parseModuleFile: problems name the field and the line', () => {
  it('reports a syntax error with the line of the error and nothing else', () => {
    const text = VALID_YAML.replace('title: First', 'title: [First');
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({ file: 'modules.yaml', field: '' });
    expect(problems[0]?.message).toMatch(/^The file could not be read/);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(lineOf(text, 'title: [First'));
    expect(problems[0]?.line).toBeLessThanOrEqual(lineOf(text, 'summary:'));
  });

  it('reports a JSON syntax error with its line', () => {
    const text = '{\n  "schemaVersion": 1,\n  "modules": [\n    {"id": "x"\n  ]\n}\n';
    const [problem] = problemsOf(text, 'broken.json');
    expect(problem?.file).toBe('broken.json');
    expect(problem?.message).toMatch(/could not be read/);
    expect(problem?.line).toBeGreaterThanOrEqual(4);
  });

  it('reports a missing required field at the line of the object that should hold it', () => {
    const text = VALID_YAML.replace('    title: First\n', '');
    expect(problemsOf(text)).toEqual([
      {
        file: 'modules.yaml',
        field: 'modules[0].title',
        line: lineOf(text, '- id: first-module'),
        message: '"title" is missing',
      },
    ]);
  });

  it('reports six success criteria at the line of successCriteria', () => {
    const criteria = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => `        - Criterion ${c}\n`).join('');
    const text = VALID_YAML.replace('        - Question before name\n', criteria);
    expect(problemsOf(text)).toEqual([
      {
        file: 'modules.yaml',
        field: 'modules[0].actionStep.successCriteria',
        line: lineOf(text, 'successCriteria:'),
        message: 'Keep to at most 5 success criteria',
      },
    ]);
  });

  it('finds the same line in a JSON file', () => {
    const module = aModule({
      actionStep: { ...aModule().actionStep, successCriteria: ['1', '2', '3', '4', '5', '6'] },
    });
    const text = JSON.stringify({ schemaVersion: 1, modules: [module] }, null, 2);
    expect(problemsOf(text, 'm.json')).toEqual([
      expect.objectContaining({
        field: 'modules[0].actionStep.successCriteria',
        line: lineOf(text, '"successCriteria"'),
      }),
    ]);
  });

  it('refuses a newer schemaVersion, saying which version is supported, without judging the modules', () => {
    const text = VALID_YAML.replace('schemaVersion: 1', 'schemaVersion: 2').replace('    title: First\n', '');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ field: 'schemaVersion', line: 1 });
    expect(problems[0]?.message).toMatch(/schemaVersion 2 is newer.*reads schemaVersion 1/);
  });

  it.each([['"1"'], ['0'], ['one']])('refuses schemaVersion %s and names version 1', (value) => {
    const [problem] = problemsOf(VALID_YAML.replace('schemaVersion: 1', `schemaVersion: ${value}`));
    expect(problem).toMatchObject({ field: 'schemaVersion', line: 1 });
    expect(problem?.message).toMatch(/schemaVersion must be 1/);
  });

  it('reports a missing schemaVersion and still checks the modules', () => {
    const text = VALID_YAML.replace('schemaVersion: 1\n', '').replace('phase: secondary', 'phase: college');
    const problems = problemsOf(text);
    expect(problems.map((p) => p.field)).toEqual(['schemaVersion', 'modules[0].phase']);
    expect(problems[0]).toMatchObject({ line: 1 });
    expect(problems[0]?.message).toMatch(/schemaVersion: 1/);
    expect(problems[1]?.line).toBe(lineOf(text, 'phase: college'));
  });

  it('reports a duplicate module id at the line of the second id', () => {
    const second = VALID_YAML.split('\n').slice(2).join('\n').replace('title: First', 'title: Second');
    const text = VALID_YAML + second;
    const secondIdLine = lineOf(text, '- id: first-module', lineOf(text, '- id: first-module') + 1);
    expect(problemsOf(text)).toEqual([
      {
        file: 'modules.yaml',
        field: 'modules[1].id',
        line: secondIdLine,
        message: 'Module id "first-module" is already used by modules[0] (line 3): ids must be unique',
      },
    ]);
  });

  it('reports an unknown module key by name, suggesting the likely one', () => {
    const text = VALID_YAML.replace('    title: First', '    title: First\n    titel: Typo');
    expect(problemsOf(text)).toEqual([
      {
        file: 'modules.yaml',
        field: 'modules[0].titel',
        line: lineOf(text, 'titel:'),
        message: 'Unknown key "titel": did you mean "title"?',
      },
    ]);
  });

  it('reports unknown keys at the top level, in the action step and in a model', () => {
    const text = VALID_YAML.replace('schemaVersion: 1', 'schemaVersion: 1\nauthor: Someone')
      .replace('        text: A script', '        text: A script\n        colour: red')
      .replace('      whenToPractise: Monday', '      whenToPractise: Monday\n      how: By doing it');
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['author', lineOf(text, 'author:')],
      ['modules[0].models[0].colour', lineOf(text, 'colour:')],
      ['modules[0].actionStep.how', lineOf(text, 'how:')],
    ]);
    expect(problems[0]?.message).toBe('Unknown key "author": allowed keys are schemaVersion, modules');
  });

  it('reports __proto__ as an unknown key without polluting any prototype', () => {
    const text = VALID_YAML.replace('schemaVersion: 1', 'schemaVersion: 1\n__proto__: { polluted: true }');
    expect(problemsOf(text).map((p) => [p.field, p.line])).toEqual([['__proto__', 2]]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses a javascript: URL as a model', () => {
    const text = VALID_YAML.replace(
      '      - kind: product\n        text: A script',
      '      - kind: performance\n        mediaUrl: "javascript:alert(1)"',
    );
    const problems = problemsOf(text);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((p) => p.field === 'modules[0].models[0].mediaUrl')).toBe(true);
    expect(problems.every((p) => p.line === lineOf(text, 'mediaUrl:'))).toBe(true);
    expect(problems.map((p) => p.message)).toContain('Model media must be an https:// address');
  });

  it('refuses an empty modules list', () => {
    const text = 'schemaVersion: 1\nmodules: []\n';
    expect(problemsOf(text)).toEqual([
      { file: 'modules.yaml', field: 'modules', line: 2, message: 'modules must hold at least one module' },
    ]);
  });

  it('refuses a file larger than 1 MB before reading it', () => {
    const text = `schemaVersion: 1\nmodules:\n${'# padding\n'.repeat(200_000)}`;
    expect(text.length).toBeGreaterThan(2_000_000 - 1);
    expect(problemsOf(text)).toEqual([
      { file: 'modules.yaml', field: '', line: null, message: expect.stringMatching(/larger than 1 MB/) },
    ]);
  });

  it('counts bytes, not characters, against the 1 MB limit', () => {
    const text = `schemaVersion: 1\n# ${'é'.repeat(600_000)}\nmodules: []\n`; // 600k characters, 1.2 MB
    expect(problemsOf(text)[0]?.message).toMatch(/larger than 1 MB/);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i += 1) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const problems = problemsOf(`schemaVersion: 1\n${levels.join('\n')}\nmodules: *i\n`);
    expect(problems).toEqual([
      expect.objectContaining({ field: '', message: expect.stringMatching(/alias/i) }),
    ]);
  });

  it('allows a few aliases in an ordinary file', () => {
    const text = VALID_YAML.replace(
      '      - What went well?',
      '      - &prompt What went well?\n      - *prompt',
    );
    const result = parseModuleFile('a.yaml', text);
    expect(result.ok && result.modules[0]?.reflectionPrompts).toEqual(['What went well?', 'What went well?']);
  });

  it('refuses custom tags', () => {
    const text = VALID_YAML.replace('title: First', 'title: !!js/function "function () {}"');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        line: lineOf(text, '!!js/function'),
        message: expect.stringMatching(/tags/),
      }),
    ]);
    expect(problemsOf(VALID_YAML.replace('title: First', 'title: !local First'))[0]?.message).toMatch(
      /Custom YAML tags such as !local/,
    );
  });

  it('allows the core tags a person may use to force text', () => {
    const result = parseModuleFile('a.yaml', VALID_YAML.replace('title: First', 'title: !!str 2024'));
    expect(result.ok && result.modules[0]?.title).toBe('2024');
  });

  it('refuses a file with more than one document', () => {
    const text = `${VALID_YAML}---\n${VALID_YAML}`;
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        field: '',
        line: lineOf(text, '---'),
        message: expect.stringMatching(/one document/),
      }),
    ]);
  });

  it('refuses duplicate keys in a mapping', () => {
    const text = VALID_YAML.replace('    title: First', '    title: First\n    title: Again');
    expect(problemsOf(text)).toEqual([
      expect.objectContaining({
        line: lineOf(text, 'title: Again'),
        message: expect.stringMatching(/unique/),
      }),
    ]);
  });

  it.each([
    ['an empty file', ''],
    ['only a comment', '# nothing here\n'],
  ])('refuses %s', (_name, text) => {
    expect(problemsOf(text)).toEqual([expect.objectContaining({ line: null, message: 'The file is empty' })]);
  });

  it('refuses a file that is a list rather than a mapping', () => {
    const [problem] = problemsOf('- id: x\n');
    expect(problem).toMatchObject({ field: '', line: 1 });
    expect(problem?.message).toMatch(/mapping with schemaVersion and modules/);
  });

  it('refuses nesting deep enough to exhaust the stack, without throwing', () => {
    const text = `schemaVersion: 1\nmodules: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    expect(problemsOf(text)[0]?.message).toMatch(/could not be read/);
  });

  it('explains a wrongly typed section in plain words', () => {
    const text = VALID_YAML.replace(/ {4}actionStep:\n(?: {6}.*\n)+/, '    actionStep: Ask then name\n');
    expect(problemsOf(text)).toEqual([
      {
        file: 'modules.yaml',
        field: 'modules[0].actionStep',
        line: lineOf(text, 'actionStep:'),
        message: 'Expected a mapping of keys to values, but found "Ask then name"',
      },
    ]);
  });
});

describe('parseModuleFile: reports every problem, in line order', () => {
  it('reports problems from different modules and checks together', () => {
    const second = VALID_YAML.split('\n')
      .slice(2)
      .join('\n')
      .replace('id: first-module', 'id: Second Module')
      .replace('theme: questioning-and-checking', 'theme: behaviour');
    const text =
      VALID_YAML.replace('    summary: A summary\n', '    summary: A summary\n    sumary: typo\n') + second;
    const problems = problemsOf(text);
    expect(problems.map((p) => p.field)).toEqual(['modules[0].sumary', 'modules[1].id', 'modules[1].theme']);
    const lines = problems.map((p) => p.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(problems[2]?.message).toMatch(/^Theme must be one of/);
  });

  it(`stops after ${MAX_REPORTED_PROBLEMS} problems and says how many more there were`, () => {
    const modules = Array.from({ length: 80 }, (_, i) => aModule({ id: `BAD_${i}` }));
    const problems = problemsOf(JSON.stringify({ schemaVersion: 1, modules }, null, 2));
    expect(problems).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(problems.at(-1)).toMatchObject({
      field: '',
      line: null,
      message: expect.stringMatching(/^30 more/),
    });
  });
});

describe('fieldPath', () => {
  it.each([
    [[], ''],
    [['schemaVersion'], 'schemaVersion'],
    [['modules', 2, 'actionStep', 'successCriteria', 0], 'modules[2].actionStep.successCriteria[0]'],
  ])('writes %j as "%s"', (path, expected) => {
    expect(fieldPath(path)).toBe(expected);
  });
});

describe('docs/module-schema.md', () => {
  const doc = readFileSync(path.resolve(import.meta.dirname, '../../../../docs/module-schema.md'), 'utf8');
  const examples = [...doc.matchAll(/```(yaml|json)\n([\s\S]*?)```/g)]
    .map(([, format, text]) => ({ format, text: text ?? '' }))
    .filter(({ text }) => text.includes('targetPerformance'));

  it('has a complete YAML example and a complete JSON example, both valid', () => {
    expect(examples.map(({ format }) => format)).toEqual(['yaml', 'json']);
    for (const { format, text } of examples) {
      expect(parseModuleFile(`example.${format}`, text), format).toMatchObject({ ok: true });
    }
  });

  it('shows an example problem in the shape the import reports', () => {
    const criteria = ['1', '2', '3', '4', '5', '6'];
    const text = serializeModules(
      [aModule({ actionStep: { ...aModule().actionStep, successCriteria: criteria } })],
      'yaml',
    );
    const [problem] = problemsOf(text);
    expect(doc).toContain(`"field": "${problem?.field}"`);
    expect(doc).toContain(`"message": "${problem?.message}"`);
  });
});
