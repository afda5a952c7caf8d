/** The provider's module library, editor, import/export and activity counts. */
export const providerStrings = {
  documentTitle: 'Coaching modules',
  heading: 'Coaching modules',
};
