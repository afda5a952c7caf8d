import { render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it } from 'vitest';
import { EmptyState } from '../../../../shared/ui/empty-state/index.ts';
import { StatusMessage } from '../../../../shared/ui/status/index.ts';
import { expectNoAxeViolations } from '../../lti-tool/web/axe.ts';
import { usePageShell } from './page-shell.ts';

describe('status message', () => {
  const page = usePageShell();

  it('is a polite live region that stays in the page while it has nothing to say', async () => {
    const { rerender } = render(StatusMessage, {
      target: page(),
      props: { message: '', testid: 'pair-status' },
    });
    const status = screen.getByRole('status');
    expect(status).toBe(screen.getByTestId('pair-status'));
    expect(status.textContent).toBe('');
    await rerender({ message: 'Connected.', testid: 'pair-status' });
    expect(screen.getByRole('status')).toBe(status);
    expect(status).toHaveTextContent('Connected.');
    await expectNoAxeViolations();
  });
});

describe('empty state', () => {
  const page = usePageShell();

  it('says why there is nothing yet, and offers what can be done about it', async () => {
    const action = createRawSnippet(() => ({ render: () => '<button type="button">Add a module</button>' }));
    render(EmptyState, { target: page(), props: { message: 'No modules yet.', action } });
    expect(screen.getByTestId('empty-state')).toHaveTextContent('No modules yet.');
    expect(screen.getByRole('button', { name: 'Add a module' })).toBeInTheDocument();
    await expectNoAxeViolations();
  });
});
