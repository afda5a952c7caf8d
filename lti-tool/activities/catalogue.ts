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
  /** Offered only to provider admins adding activities (not in every course's picker). */
  providersOnly?: true;
}

/** The programme view's activity: placed in a leaders' course, it opens the view (never a gradebook column). */
export const PROGRAMME_ACTIVITY = 'programme';

export const ACTIVITIES: readonly Activity[] = [
  {
    id: 'action-step',
    title: 'Action step',
    description:
      'Coaches set each teacher’s goal and ONE action step; teachers see it here and in the browser extension.',
    scoreMaximum: null,
  },
  {
    id: PROGRAMME_ACTIVITY,
    title: 'Programme view (leaders)',
    description:
      'For school leaders your provider has named, and provider admins: whether coaching is sustained, as activity only, never what was said.',
    scoreMaximum: null,
    providersOnly: true,
  },
];

/** What a picker offers: everything to a provider admin, the rest to coaches. */
export const activitiesOffered = (catalogue: readonly Activity[], byProvider: boolean): Activity[] =>
  catalogue.filter((activity) => byProvider || !activity.providersOnly);

export function findActivity(id: string, catalogue: readonly Activity[] = ACTIVITIES): Activity | undefined {
  return catalogue.find((activity) => activity.id === id);
}
