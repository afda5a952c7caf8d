import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { ChoiceList, SelectField, TextField } from '../../../../lti-tool/web/components/field/index.ts';

// Axe runs over these on every page that uses them (a lone component has no page around it).
describe('field components', () => {
  it('a text field is named by its label and described by its hint, then its error', async () => {
    const oninput = vi.fn();
    render(TextField, {
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
    await fireEvent.input(input, { target: { value: 'Cold call, warm' } });
    expect(oninput).toHaveBeenCalledWith('Cold call, warm');
  });

  it('shows how many characters are left once three quarters of the limit is used, politely', async () => {
    const props = { id: 'f-praise', label: 'Praise', oninput: () => {}, maxlength: 100 };
    const { rerender } = render(TextField, { props: { ...props, value: 'x'.repeat(74) } });
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
});
