export { default as Checkbox } from './checkbox.svelte';
export { default as ChoiceList } from './choice-list.svelte';
export { default as SelectField } from './select-field.svelte';
export { submitOnCtrlEnter } from './submit-shortcut.ts';
export { default as TextField } from './text-field.svelte';
export type { FieldKeydown, FieldOption } from './types.ts';
