/** A key handler a field's control passes on (e.g. Ctrl+Enter submits the form). */
export type FieldKeydown = (
  event: KeyboardEvent & { currentTarget: HTMLInputElement | HTMLTextAreaElement },
) => void;

/** One option of a select or one radio of a choice list. */
export interface FieldOption<V extends string = string> {
  value: V;
  label: string;
}
