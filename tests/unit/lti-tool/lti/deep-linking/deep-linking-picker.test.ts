import { afterEach, describe, expect, it } from 'vitest';
import { SCORE_MAXIMUM } from '../../../../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../../../../shared/protocol/practice-api.ts';
import { ACTIVITIES } from '../../../../../lti-tool/activities/catalogue.ts';
import { moduleContentItem, parseChoice } from '../../../../../lti-tool/lti/deep-linking/deep-linking.ts';
import { NO_FILTER, renderPicker } from '../../../../../lti-tool/lti/deep-linking/deep-linking-routes.ts';
import { expectNoAxeViolations } from '../../web/axe.ts';

const TOKEN = 'dlr_abcdefghijklmnopqrstuvwxyz012345';

const request = (acceptMultiple: boolean) => ({
  issuer: 'https://moodle.example',
  clientId: 'client-1',
  deploymentId: '3',
  settings: {
    returnUrl: 'https://moodle.example/return',
    acceptTypes: ['ltiResourceLink'],
    acceptMultiple,
    data: null,
  },
});

const aModule = (overrides: Partial<ModuleSummary> = {}): ModuleSummary => ({
  id: 'narrate-the-positive',
  title: 'Narrate the positive',
  summary: 'Describe what pupils are doing right, so others follow.',
  phase: 'primary',
  theme: 'routines-and-behaviour',
  origin: 'starter',
  version: 1,
  criteriaCount: 3,
  ...overrides,
});

function show(html: string): Document {
  document.open();
  document.write(html);
  document.close();
  return document;
}

afterEach(() => {
  show('<!doctype html><html lang="en"><head><title>blank</title></head><body></body></html>');
});

describe('deep-linking choices', () => {
  it.each([
    ['action-step', { kind: 'activity', activityId: 'action-step' }],
    ['module:narrate-the-positive', { kind: 'module', moduleId: 'narrate-the-positive' }],
    ['module:', null],
    ['module:Not A Slug', null],
    ['module:../etc', null],
  ])('reads %j', (value, expected) => {
    expect(parseChoice(value)).toEqual(expected);
  });

  it('make a module content item that launches the module and asks for a column out of 100', () => {
    expect(moduleContentItem(aModule(), 'https://tool.example/lti/launch')).toEqual({
      type: 'ltiResourceLink',
      title: 'Narrate the positive',
      text: 'Describe what pupils are doing right, so others follow.',
      url: 'https://tool.example/lti/launch',
      custom: { activity: 'module', module: 'narrate-the-positive' },
      lineItem: {
        scoreMaximum: SCORE_MAXIMUM,
        label: 'Narrate the positive',
        resourceId: 'module:narrate-the-positive',
      },
    });
  });
});

describe('the deep-linking picker', () => {
  it('lists the action step and each module with its labels, as checkboxes when several are accepted', () => {
    const page = show(
      renderPicker(TOKEN, request(true), {
        activities: ACTIVITIES,
        modules: [
          aModule(),
          aModule({ id: 'cold-call', title: 'Cold call', phase: 'all-phases', criteriaCount: 1 }),
        ],
      }),
    );
    const boxes = [...page.querySelectorAll<HTMLInputElement>('input[name="activity"]')];
    expect(boxes.map((box) => [box.type, box.value])).toEqual([
      ['checkbox', 'action-step'],
      ['checkbox', 'module:narrate-the-positive'],
      ['checkbox', 'module:cold-call'],
    ]);
    // Every choice is named by its label and described by its summary and labels.
    const box = boxes[1]!;
    expect(page.querySelector(`label[for="${box.id}"]`)?.textContent).toBe('Narrate the positive');
    const about = page.getElementById(box.getAttribute('aria-describedby')!)!.textContent!;
    expect(about).toContain('Describe what pupils are doing right');
    expect(about).toContain('Phase: Primary');
    expect(about).toContain('Theme: Routines and behaviour');
    expect(about).toContain('3 success criteria');
    expect(page.getElementById(boxes[2]!.getAttribute('aria-describedby')!)!.textContent).toContain(
      '1 success criterion',
    );
    expect(page.getElementById('module-count')?.textContent).toBe('2 modules available.');
    // The pick posts to /respond with the request token; both forms carry the same token.
    const pick = page.querySelector<HTMLFormElement>('form[method="post"]')!;
    expect(pick.getAttribute('action')).toBe('/lti/deep-linking/respond');
    expect(pick.querySelector<HTMLInputElement>('input[name="request"]')?.value).toBe(TOKEN);
  });

  it('uses radio buttons when the platform accepts one item', () => {
    const page = show(renderPicker(TOKEN, request(false), { activities: ACTIVITIES, modules: [aModule()] }));
    const types = [...page.querySelectorAll<HTMLInputElement>('input[name="activity"]')].map((i) => i.type);
    expect(types).toEqual(['radio', 'radio']);
  });

  it('has a GET search form that keeps the token and shows the current filter', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: ACTIVITIES, modules: [aModule()] },
        { query: 'pupils', phase: 'primary', theme: 'feedback' },
      ),
    );
    const search = page.querySelector<HTMLFormElement>('form[role="search"]')!;
    expect(search.getAttribute('method')).toBe('get');
    expect(search.getAttribute('action')).toBe('/lti/deep-linking/picker');
    const data = new FormData(search);
    expect(Object.fromEntries(data)).toEqual({
      request: TOKEN,
      q: 'pupils',
      phase: 'primary',
      theme: 'feedback',
    });
    expect(page.querySelector('label[for="picker-q"]')?.textContent).toBe('Search modules');
    expect(search.querySelector('button[type="submit"]')?.textContent).toBe('Search');
    expect(page.getElementById('module-count')?.textContent).toBe('1 module matches your search.');
    expect(page.querySelector<HTMLAnchorElement>('a[href^="/lti/deep-linking/picker"]')?.textContent).toBe(
      'Clear search',
    );
  });

  it('says clearly when no module matches, and still offers the action step', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: ACTIVITIES, modules: [] },
        { query: 'nothing like this', phase: '', theme: '' },
      ),
    );
    expect(page.getElementById('module-count')?.textContent).toMatch(/^No modules match your search/);
    expect(page.querySelectorAll('input[name="activity"]')).toHaveLength(1);
    expect(
      show(
        renderPicker(TOKEN, request(true), { activities: ACTIVITIES, modules: [] }, NO_FILTER),
      ).getElementById('module-count')?.textContent,
    ).toMatch(/^No modules match/);
  });

  it('escapes what providers wrote and what was searched for', () => {
    const html = renderPicker(
      TOKEN,
      request(true),
      {
        activities: ACTIVITIES,
        modules: [aModule({ title: '<img src=x onerror=alert(1)>', summary: '"quoted" & <b>bold</b>' })],
      },
      { query: '"><script>alert(1)</script>', phase: '', theme: '' },
    );
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold</b>');
    const page = show(html);
    expect(page.querySelector<HTMLInputElement>('#picker-q')?.value).toBe('"><script>alert(1)</script>');
    expect(page.querySelector('label[for="module-narrate-the-positive"]')?.textContent).toBe(
      '<img src=x onerror=alert(1)>',
    );
  });

  it('has no axe violations, with results and with none', async () => {
    show(renderPicker(TOKEN, request(true), { activities: ACTIVITIES, modules: [aModule()] }));
    await expectNoAxeViolations();
    show(
      renderPicker(
        TOKEN,
        request(false),
        { activities: ACTIVITIES, modules: [] },
        { query: 'x', phase: 'secondary', theme: '' },
      ),
    );
    await expectNoAxeViolations();
  });
});
