/** The coach's review queue, feedback form and trainee history. */
export const reviewStrings = {
  queueHeading: 'Review queue',
};
