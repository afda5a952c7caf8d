import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { Checkbox, ChoiceList, SelectField, TextField } from '../../../../shared/ui/field/index.ts';
import { expectNoAxeViolations } from '../../lti-tool/web/axe.ts';
import { usePageShell } from './page-shell.ts';

// Axe also runs over these on every page that uses them, in both products.
describe('field components', () => {
  const page = usePageShell();

  it('a text field is named by its label and described by its hint, then its error', async () => {
    const oninput = vi.fn();
    render(TextField, {
      target: page(),
      props: {
        id: 'f-title',
        label: 'Title',
        value: 'Cold call',
        oninput,
        hint: 'A few words',
        error: 'Give the module a title.',
        required: true,
        requiredMark: ' (required)',
      },
    });
    const input = screen.getByRole('textbox', { name: 'Title' });
    expect(input).toHaveValue('Cold call');
    expect(input).toBeRequired();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('A few words Give the module a title.');
    expect(screen.getByText('Give the module a title.')).toHaveAttribute('id', 'f-title-error');
    await expectNoAxeViolations();
    await fireEvent.input(input, { target: { value: 'Cold call, warm' } });
    expect(oninput).toHaveBeenCalledWith('Cold call, warm');
  });

  it('a valid field is not marked invalid and is described by its hint alone; no limit, no counter', () => {
    render(TextField, {
      target: page(),
      props: {
        id: 'f-goal',
        name: 'goal',
        label: 'Goal',
        value: '',
        oninput: () => {},
        hint: 'One sentence',
      },
    });
    const input = screen.getByRole('textbox', { name: 'Goal' });
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).toHaveAttribute('aria-describedby', 'f-goal-hint');
    expect(input).toHaveAccessibleDescription('One sentence');
    expect(input).toHaveAttribute('name', 'goal');
    expect(screen.queryByTestId('f-goal-counter')).toBeNull();
  });

  it('tells a paste from typing, after passing the value on', async () => {
    const calls: string[] = [];
    render(TextField, {
      target: page(),
      props: {
        id: 'f-link',
        label: 'Pairing link',
        type: 'url',
        value: '',
        oninput: (value: string) => calls.push(`input ${value}`),
        onpasted: (value: string) => calls.push(`pasted ${value}`),
      },
    });
    const input = screen.getByRole('textbox', { name: 'Pairing link' });
    await fireEvent.input(input, { target: { value: 'h' } });
    await fireEvent.input(input, { target: { value: 'https://x.example' }, inputType: 'insertFromPaste' });
    expect(calls).toEqual(['input h', 'input https://x.example', 'pasted https://x.example']);
  });

  it('shows how many characters are left once three quarters of the limit is used, politely', async () => {
    const props = { id: 'f-praise', label: 'Praise', oninput: () => {}, maxlength: 100 };
    const { rerender } = render(TextField, { target: page(), props: { ...props, value: 'x'.repeat(74) } });
    const counter = screen.getByTestId('f-praise-counter');
    expect(counter).toHaveAttribute('aria-live', 'polite');
    expect(counter).toBeEmptyDOMElement();
    await rerender({ ...props, value: 'x'.repeat(75) });
    expect(counter).toHaveTextContent('25 characters left');
    await rerender({ ...props, value: 'x'.repeat(99) });
    expect(counter).toHaveTextContent('1 character left');
  });

  it('with rows it is a textarea; invalid without a message of its own, it reads the outside message', () => {
    render(TextField, {
      target: page(),
      props: {
        id: 'f-note',
        label: 'Note',
        value: '',
        oninput: () => {},
        rows: 3,
        invalid: true,
        describedby: 'form-error',
      },
    });
    const textarea = screen.getByRole('textbox', { name: 'Note' });
    expect(textarea.tagName).toBe('TEXTAREA');
    expect(textarea).toHaveAttribute('aria-invalid', 'true');
    expect(textarea).toHaveAttribute('aria-describedby', 'form-error');
    expect(textarea).not.toBeRequired();
  });

  it('a select offers its placeholder first and reports the value chosen', async () => {
    const onchange = vi.fn();
    render(SelectField, {
      target: page(),
      props: {
        id: 'f-phase',
        label: 'Phase',
        value: '',
        onchange,
        options: [
          { value: 'early', label: 'Early' },
          { value: 'late', label: 'Late' },
        ],
        placeholder: 'Choose a phase',
      },
    });
    const select = screen.getByRole('combobox', { name: 'Phase' });
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Choose a phase',
      'Early',
      'Late',
    ]);
    expect(select).not.toHaveAttribute('aria-invalid');
    await fireEvent.change(select, { target: { value: 'late' } });
    expect(onchange).toHaveBeenCalledWith('late');
  });

  it('a choice list is one radio per option, named by its label, the selected one checked', async () => {
    const onchange = vi.fn();
    render(ChoiceList, {
      target: page(),
      props: {
        name: 'format',
        idPrefix: 'f-format',
        options: [
          { value: 'yaml', label: 'YAML' },
          { value: 'json', label: 'JSON' },
        ],
        selected: 'yaml',
        onchange,
      },
    });
    expect(screen.getByRole('radio', { name: 'YAML' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'JSON' })).not.toBeChecked();
    await fireEvent.click(screen.getByRole('radio', { name: 'JSON' }));
    expect(onchange).toHaveBeenCalledWith('json');
  });

  it('a select is named by its label and described by its hint, then its error, marked invalid', () => {
    render(SelectField, {
      target: page(),
      props: {
        id: 'f-day',
        name: 'day',
        label: 'Day',
        value: 'tue',
        onchange: () => {},
        options: [
          { value: 'mon', label: 'Monday' },
          { value: 'tue', label: 'Tuesday' },
        ],
        hint: 'A school day',
        error: 'Choose a day.',
      },
    });
    const select = screen.getByRole('combobox', { name: 'Day' });
    expect(select).toHaveValue('tue');
    expect(select).toHaveAttribute('name', 'day');
    expect(select).toHaveAttribute('aria-invalid', 'true');
    expect(select).toHaveAccessibleDescription('A school day Choose a day.');
  });

  it('a checkbox sits beside its label, reports its checked state by role and reads its hint', async () => {
    const onchange = vi.fn();
    const props = { label: 'Remind me', hint: 'At the times below', checked: false, onchange };
    const { rerender } = render(Checkbox, { target: page(), props });
    const box = screen.getByRole('checkbox', { name: 'Remind me' });
    expect(box).not.toBeChecked();
    expect(box).toHaveAccessibleDescription('At the times below');
    await expectNoAxeViolations();
    await fireEvent.click(box);
    expect(onchange).toHaveBeenCalledWith(true);
    await rerender({ ...props, checked: true });
    expect(box).toBeChecked();
  });

  it('a checkbox can be a switch, described by a message outside it, its id and name given', async () => {
    const onchange = vi.fn();
    render(Checkbox, {
      target: page(),
      props: {
        id: 's-docs',
        name: 'site-docs',
        role: 'switch',
        label: 'Google Docs',
        checked: true,
        describedby: 'docs-withheld',
        onchange,
      },
    });
    const toggle = screen.getByRole('switch', { name: 'Google Docs' });
    expect(toggle).toBeChecked();
    expect(toggle).toHaveAttribute('id', 's-docs');
    expect(toggle).toHaveAttribute('name', 'site-docs');
    expect(toggle).toHaveAttribute('aria-describedby', 'docs-withheld');
    await fireEvent.click(toggle);
    expect(onchange).toHaveBeenCalledWith(false);
  });
});
