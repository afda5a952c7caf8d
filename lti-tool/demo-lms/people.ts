const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';

export interface DemoPerson {
  id: string;
  givenName: string;
  familyName: string;
  email: string;
  roles: string[];
  /** How the course page names the launch: "Launch as coach (…)". */
  label: 'coach' | 'teacher' | 'provider';
}

/**
 * A small, original cast for the demo course: one coach (mentor), three early-career teachers,
 * and a provider administrator who embeds the provider's practice modules.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    id: 'demo-coach-rivera',
    givenName: 'Dana',
    familyName: 'Rivera',
    email: 'dana.rivera@demo.example',
    roles: [`${LIS}Instructor`],
    label: 'coach',
  },
  {
    id: 'demo-teacher-okafor',
    givenName: 'Sam',
    familyName: 'Okafor',
    email: 'sam.okafor@demo.example',
    roles: [`${LIS}Learner`],
    label: 'teacher',
  },
  {
    id: 'demo-teacher-shah',
    givenName: 'Priya',
    familyName: 'Shah',
    email: 'priya.shah@demo.example',
    roles: [`${LIS}Learner`],
    label: 'teacher',
  },
  {
    id: 'demo-teacher-morgan',
    givenName: 'Alex',
    familyName: 'Morgan',
    email: 'alex.morgan@demo.example',
    roles: [`${LIS}Learner`],
    label: 'teacher',
  },
  {
    id: 'demo-provider-lee',
    givenName: 'Lee',
    familyName: 'Adebayo',
    email: 'lee.adebayo@demo.example',
    roles: [`${LIS}ContentDeveloper`],
    label: 'provider',
  },
];

export const DEMO_COURSE = {
  id: 'demo-course-ect-y1',
  title: 'Early Career Teachers: Year 1 (demo)',
  label: 'ECT-Y1',
};
export const DEMO_RESOURCE_LINK = { id: 'demo-link-action-step', title: 'Your action step' };
export const DEMO_CLIENT_ID = 'demo-lms-client';
export const DEMO_DEPLOYMENT_ID = 'demo-deployment-1';

export function findDemoPerson(id: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((person) => person.id === id);
}

/** Who may add activities (deep linking): the coach and the provider, as editing roles in an LMS. */
export const canAddActivities = (person: DemoPerson) => person.label !== 'teacher';

/** Who has a row in the gradebook: learners, as in Moodle (the user must be gradable). */
export const isGradable = (person: DemoPerson) => person.roles.includes(`${LIS}Learner`);

export const fullName = (person: DemoPerson) => `${person.givenName} ${person.familyName}`;
