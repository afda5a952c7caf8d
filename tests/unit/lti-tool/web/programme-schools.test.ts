import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { SchoolsResponse } from '../../../../shared/protocol/programme-api.ts';
import SchoolsManager from '../../../../lti-tool/web/pages/programme/schools-manager.svelte';
import { SchoolsState } from '../../../../lti-tool/web/pages/programme/schools-state.svelte.ts';
import { expectNoAxeViolations } from './axe.ts';
import { appShell, createFakeApi, PUBLIC_URL } from './fake-api.ts';

/** The server's schools, kept as the fake API changes them (each change answers with all of them). */
function createSchoolsServer() {
  const state: SchoolsResponse = {
    schools: [],
    courses: [
      { key: 'course-key-1', title: 'ECT year 1' },
      { key: 'course-key-2', title: 'ECT year 2' },
    ],
  };
  const all = () => ({ body: structuredClone(state) });
  return createFakeApi({
    'GET /api/programme/schools': all,
    'PUT /api/programme/schools/school-id-1': (request) => {
      const { name, courseKeys } = request.body as { name: string; courseKeys: string[] };
      state.schools = [{ id: 'school-id-1', name, courseKeys, leaders: [] }];
      return all();
    },
    'PUT /api/programme/leaders/sub-123': (request) => {
      const { name } = request.body as { name: string };
      state.schools[0]!.leaders = [{ userId: 'sub-123', name }];
      return all();
    },
  });
}

describe("a provider admin's schools and leaders", () => {
  it('groups courses into a school, then names its leader by LMS user id', async () => {
    const api = createSchoolsServer();
    const schools = new SchoolsState(
      { baseUrl: PUBLIC_URL, token: () => 'session-token-123', fetch: api.fetch },
      {
        newId: () => 'school-id-1',
      },
    );
    await schools.load();
    let changes = 0;
    render(SchoolsManager, {
      target: appShell(),
      props: { schools, signal: new AbortController().signal, onchanged: () => (changes += 1) },
    });

    const addSchool = screen.getByRole('form', { name: 'Add school' });
    await fireEvent.input(within(addSchool).getByRole('textbox', { name: /School name/ }), {
      target: { value: 'Northfield Academy' },
    });
    await fireEvent.click(within(addSchool).getByRole('checkbox', { name: 'ECT year 2' }));
    await fireEvent.click(within(addSchool).getByRole('button', { name: 'Save school' }));
    await screen.findByRole('heading', { name: 'Northfield Academy' });
    expect(api.callsTo('PUT', '/api/programme/schools/school-id-1')[0]!.body).toEqual({
      name: 'Northfield Academy',
      courseKeys: ['course-key-2'],
    });

    const addLeader = screen.getByRole('form', { name: 'Name leader' });
    await fireEvent.input(within(addLeader).getByRole('textbox', { name: /LMS user id/ }), {
      target: { value: ' sub-123 ' },
    });
    await fireEvent.input(within(addLeader).getByRole('textbox', { name: /Leader’s name/ }), {
      target: { value: 'Dana Leader' },
    });
    await fireEvent.change(within(addLeader).getByRole('combobox', { name: /School/ }), {
      target: { value: 'school-id-1' },
    });
    await fireEvent.click(within(addLeader).getByRole('button', { name: 'Name leader' }));
    await screen.findByRole('button', { name: 'Remove Dana Leader as leader' });
    expect(api.callsTo('PUT', '/api/programme/leaders/sub-123')[0]!.body).toEqual({
      name: 'Dana Leader',
      schoolId: 'school-id-1',
    });
    expect(changes).toBe(2);
    await expectNoAxeViolations();
  });
});
