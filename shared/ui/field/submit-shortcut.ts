import type { FieldKeydown } from './types.ts';

/** Ctrl+Enter / Cmd+Enter submits the field's form, from one-line and multi-line fields alike. */
export const submitOnCtrlEnter: FieldKeydown = (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    event.currentTarget.form?.requestSubmit();
  }
};
