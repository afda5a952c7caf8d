/**
 * What a course can embed besides practice modules. Modules come from the module store and are
 * picked as `module:<id>` (lti/deep-linking/deep-linking.ts); their links launch with `activity: 'module'`.
 */
export interface Activity {
  id: string;
  title: string;
  description: string;
  /** Gradable activities get a line item in the LMS gradebook when embedded. */
  scoreMaximum: number | null;
}

export const ACTIVITIES: readonly Activity[] = [
  {
    id: 'action-step',
    title: 'Action step',
    description:
      'Coaches set each teacher’s goal and ONE action step; teachers see it here and in the browser extension.',
    scoreMaximum: null,
  },
];

export function findActivity(id: string, catalogue: readonly Activity[] = ACTIVITIES): Activity | undefined {
  return catalogue.find((activity) => activity.id === id);
}
