import { screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { serializeBootstrap } from '../../../../lti-tool/web/bootstrap.ts';
import { mountPage } from '../../../../lti-tool/web/mount-page.ts';
import TeacherPage from '../../../../lti-tool/web/pages/teacher/teacher-page.svelte';
import { testBootstrap } from './fake-api.ts';

function shell(bootstrapText: string): void {
  document.body.innerHTML = `<main id="app"></main><script type="application/json" id="bootstrap">${bootstrapText}</script>`;
}

describe('mountPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.replaceChildren();
  });

  it('shows a message, not a blank frame, when the bootstrap is unusable', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    shell('{"page":"teacher"}');

    mountPage('teacher', TeacherPage, 'Your action step');

    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Your action step');
    expect(screen.getByRole('alert')).toHaveTextContent('Open the coaching tool again from your course.');
  });

  it('mounts the page with the parsed bootstrap and titles the document with the course', async () => {
    const fetchSpy = vi.fn(async (_input: RequestInfo | URL) => Response.json({ step: null }));
    vi.stubGlobal('fetch', fetchSpy);
    shell(serializeBootstrap(testBootstrap({ page: 'teacher' })));

    mountPage('teacher', TeacherPage, 'Your action step');

    expect(await screen.findByRole('heading', { level: 2, name: 'No action step yet' })).toBeInTheDocument();
    expect(document.title).toBe('Your action step – Year 9 Science');
    expect(fetchSpy.mock.calls.map(([input]) => String(input))).toContain('http://tool.test/api/me/step');
  });
});
