import { fireEvent, render, screen } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { Button } from '../../../../shared/ui/button/index.ts';
import { expectNoAxeViolations } from '../../lti-tool/web/axe.ts';
import { usePageShell } from './page-shell.ts';

const text = (words: string) => createRawSnippet(() => ({ render: () => `<span>${words}</span>` }));

describe('button', () => {
  const page = usePageShell();

  it('is a plain button by default (never a submit by accident), named by its content', async () => {
    const onclick = vi.fn();
    render(Button, { target: page(), props: { onclick, children: text('Sync now') } });
    const button = screen.getByRole('button', { name: 'Sync now' });
    expect(button).toHaveAttribute('type', 'button');
    expect(button).not.toHaveAttribute('aria-disabled');
    expect(button).toBeEnabled();
    await expectNoAxeViolations();
    await fireEvent.click(button);
    expect(onclick).toHaveBeenCalledTimes(1);
  });

  it('passes other attributes through: its own name, a test id, a submit type', () => {
    render(Button, {
      target: page(),
      props: {
        type: 'submit',
        variant: 'secondary',
        'aria-label': 'Remove Tuesdays 10:40',
        'data-testid': 'remove',
        children: text('Remove'),
      },
    });
    const button = screen.getByRole('button', { name: 'Remove Tuesdays 10:40' });
    expect(button).toHaveAttribute('type', 'submit');
    expect(button).toHaveAttribute('data-testid', 'remove');
  });

  it('while busy stays focusable, is read as unavailable, and a press neither acts nor submits', async () => {
    const onclick = vi.fn();
    const onsubmit = vi.fn((event: Event) => event.preventDefault());
    const form = page().appendChild(document.createElement('form'));
    form.addEventListener('submit', onsubmit);
    const props = { type: 'submit' as const, busy: true, onclick, children: text('Save') };
    const { rerender } = render(Button, { props, target: form });
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toBeEnabled();
    button.focus();
    expect(button).toHaveFocus();
    await fireEvent.click(button);
    expect(onclick).not.toHaveBeenCalled();
    expect(onsubmit).not.toHaveBeenCalled();

    await rerender({ ...props, busy: false });
    expect(button).not.toHaveAttribute('aria-disabled');
    await fireEvent.click(button);
    expect(onclick).toHaveBeenCalledTimes(1);
    expect(onsubmit).toHaveBeenCalledTimes(1);
  });

  it('disabled is out of use altogether', () => {
    render(Button, { target: page(), props: { disabled: true, children: text('Add reminder') } });
    expect(screen.getByRole('button', { name: 'Add reminder' })).toBeDisabled();
  });

  it('hands its element to the caller, e.g. to move focus to it', () => {
    let ref: HTMLButtonElement | null = null;
    render(Button, {
      target: page(),
      props: {
        get ref() {
          return ref;
        },
        set ref(element: HTMLButtonElement | null) {
          ref = element;
        },
        children: text('Yes, delete everything'),
      },
    });
    expect(ref).toBe(screen.getByRole('button', { name: 'Yes, delete everything' }));
  });
});
