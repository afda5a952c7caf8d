/** The trainee's practice page (and the check-in and reflection parts the teacher page shares). */
export const practiceStrings = {
  documentTitle: 'Practice',
  heading: 'Deliberate practice',
};
