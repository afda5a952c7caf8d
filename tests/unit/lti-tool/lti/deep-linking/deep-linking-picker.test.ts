import { afterEach, describe, expect, it } from 'vitest';
import { SCORE_MAXIMUM } from '../../../../../shared/domain/coaching/module.ts';
import type { ModuleSummary } from '../../../../../shared/protocol/practice-api.ts';
import { ACTIVITIES, activitiesOffered } from '../../../../../lti-tool/activities/catalogue.ts';

/** What a coach's picker offers (the providers-only programme view is not among them). */
const COACH_ACTIVITIES = activitiesOffered(ACTIVITIES, false);
import { moduleContentItem, parseChoice } from '../../../../../lti-tool/lti/deep-linking/deep-linking.ts';
import {
  emptyPickMessage,
  NO_FILTER,
  renderPicker,
} from '../../../../../lti-tool/lti/deep-linking/deep-linking-routes.ts';
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
        activities: COACH_ACTIVITIES,
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
    // The pick posts to /respond with the request token.
    const pick = page.querySelector<HTMLFormElement>('form[method="post"]')!;
    expect(pick.getAttribute('action')).toBe('/lti/deep-linking/respond');
    expect(pick.querySelector<HTMLInputElement>('input[name="request"]')?.value).toBe(TOKEN);
  });

  it('uses radio buttons when the platform accepts one item', () => {
    const page = show(
      renderPicker(TOKEN, request(false), { activities: COACH_ACTIVITIES, modules: [aModule()] }),
    );
    const types = [...page.querySelectorAll<HTMLInputElement>('input[name="activity"]')].map((i) => i.type);
    expect(types).toEqual(['radio', 'radio']);
  });

  it('searches with the whole form (GET), so the token and the ticks go along, and shows the current filter', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: COACH_ACTIVITIES, modules: [aModule()] },
        { filter: { query: 'pupils', phase: 'primary', theme: 'feedback' } },
      ),
    );
    const form = page.querySelector<HTMLFormElement>('form.picker')!;
    expect(page.querySelectorAll('form')).toHaveLength(1);
    expect(form.querySelector('[role="search"]')?.getAttribute('aria-label')).toBe('Search modules');
    const search = [...form.querySelectorAll('button')].find((b) => b.textContent === 'Search')!;
    expect(search.getAttribute('formmethod')).toBe('get');
    expect(search.getAttribute('formaction')).toBe('/lti/deep-linking/picker');
    // The first button: Enter in the search box searches, never adds.
    expect(form.querySelector('button')).toBe(search);
    expect(Object.fromEntries(new FormData(form))).toEqual({
      request: TOKEN,
      q: 'pupils',
      phase: 'primary',
      theme: 'feedback',
    });
    expect(page.querySelector('label[for="picker-q"]')?.textContent).toBe('Search modules');
    expect(page.getElementById('module-count')?.textContent).toBe('1 module matches your search.');
    const clear = [...form.querySelectorAll('button')].find((b) => b.textContent === 'Clear search')!;
    expect([clear.name, clear.value, clear.getAttribute('formmethod')]).toEqual(['clear', '1', 'get']);
  });

  it('keeps ticks: listed choices come back ticked, and ticked modules the search hides are listed apart, still ticked', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        {
          activities: COACH_ACTIVITIES,
          modules: [aModule()],
          held: [
            aModule({ id: 'cold-call', title: 'Cold call' }),
            aModule({ id: 'not-ticked', title: 'Stale' }),
          ],
        },
        {
          filter: { query: 'narrate', phase: '', theme: '' },
          picked: ['action-step', 'module:narrate-the-positive', 'module:cold-call', 'module:cold-call'],
        },
      ),
    );
    const ticked = [...page.querySelectorAll<HTMLInputElement>('input[name="activity"]:checked')];
    expect(ticked.map((input) => input.value)).toEqual([
      'module:cold-call',
      'action-step',
      'module:narrate-the-positive',
    ]);
    const held = page.querySelector('fieldset.held')!;
    expect(held.querySelector('legend')?.textContent).toBe('Also chosen');
    expect(held.querySelector('label')?.textContent).toBe('Cold call');
    // A held module nobody ticked is not shown.
    expect(page.body.textContent).not.toContain('Stale');
    // What a search submits: every tick, the hidden one included.
    expect(new FormData(page.querySelector('form')!).getAll('activity')).toEqual([
      'module:cold-call',
      'action-step',
      'module:narrate-the-positive',
    ]);
  });

  it('keeps one tick when the platform takes one item', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(false),
        { activities: COACH_ACTIVITIES, modules: [aModule()] },
        { picked: ['module:narrate-the-positive', 'action-step'] },
      ),
    );
    const ticked = [...page.querySelectorAll<HTMLInputElement>('input[name="activity"]:checked')];
    expect(ticked.map((input) => input.value)).toEqual(['module:narrate-the-positive']);
  });

  it('says why an empty pick was refused, in an alert, and has the Add bar and its script', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: COACH_ACTIVITIES, modules: [aModule()] },
        { error: emptyPickMessage(true) },
      ),
    );
    expect(page.title).toBe('Error: Add a coaching activity');
    expect(page.getElementById('pick-error')?.getAttribute('role')).toBe('alert');
    expect(page.getElementById('pick-error')?.textContent).toBe(
      'Choose at least one activity or module to add, or select “Cancel”.',
    );
    const form = page.querySelector<HTMLFormElement>('form.picker')!;
    expect(form.dataset.emptyMessage).toBe(emptyPickMessage(true));
    const bar = form.querySelector('.actions')!;
    expect([...bar.querySelectorAll('button')].map((b) => [b.textContent, b.name, b.value])).toEqual([
      ['Add to course', 'action', 'add'],
      ['Cancel', 'action', 'cancel'],
    ]);
    // The live count is the script's to fill: without it, a count could only be stale.
    const count = page.getElementById('selected-count')!;
    expect([count.getAttribute('role'), count.hidden]).toEqual(['status', true]);
    expect(page.querySelector('script[src="/lti/deep-linking/picker.js"]')).not.toBeNull();
    // No error: an empty alert, nothing said.
    const calm = show(renderPicker(TOKEN, request(true), { activities: COACH_ACTIVITIES, modules: [] }));
    expect(calm.getElementById('pick-error')?.textContent).toBe('');
    expect(calm.title).toBe('Add a coaching activity');
  });

  it('says clearly when no module matches, and still offers the action step', () => {
    const page = show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: COACH_ACTIVITIES, modules: [] },
        { filter: { query: 'nothing like this', phase: '', theme: '' } },
      ),
    );
    expect(page.getElementById('module-count')?.textContent).toMatch(/^No modules match your search/);
    expect(page.querySelectorAll('input[name="activity"]')).toHaveLength(1);
    expect(
      show(
        renderPicker(
          TOKEN,
          request(true),
          { activities: COACH_ACTIVITIES, modules: [] },
          { filter: NO_FILTER },
        ),
      ).getElementById('module-count')?.textContent,
    ).toMatch(/^No modules match/);
  });

  it('escapes what providers wrote and what was searched for', () => {
    const html = renderPicker(
      TOKEN,
      request(true),
      {
        activities: COACH_ACTIVITIES,
        modules: [aModule({ title: '<img src=x onerror=alert(1)>', summary: '"quoted" & <b>bold</b>' })],
      },
      { filter: { query: '"><script>alert(1)</script>', phase: '', theme: '' } },
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
    show(renderPicker(TOKEN, request(true), { activities: COACH_ACTIVITIES, modules: [aModule()] }));
    await expectNoAxeViolations();
    show(
      renderPicker(
        TOKEN,
        request(false),
        { activities: COACH_ACTIVITIES, modules: [] },
        { filter: { query: 'x', phase: 'secondary', theme: '' }, error: emptyPickMessage(false) },
      ),
    );
    await expectNoAxeViolations();
    show(
      renderPicker(
        TOKEN,
        request(true),
        { activities: COACH_ACTIVITIES, modules: [], held: [aModule()] },
        { filter: { query: 'x', phase: '', theme: '' }, picked: ['module:narrate-the-positive'] },
      ),
    );
    await expectNoAxeViolations();
  });
});
