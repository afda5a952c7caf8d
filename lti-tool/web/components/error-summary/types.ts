/** One problem of a refused form: a link to its field. */
export interface ErrorSummaryItem {
  /** The id of the field the link leads to. */
  target: string;
  message: string;
  /** Moves focus to the field (the link's default jump is prevented). */
  focus: () => void;
}
