import { describe, expect, it } from 'vitest';
import type { CoachingRole } from '../../../../../shared/domain/coaching/relationship.ts';
import { coachingRoleFrom, rosterRoleFrom } from '../../../../../lti-tool/lti/launch/roles.ts';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/';
const context = (role: string) => `${LIS}membership#${role}`;
const subRole = (principal: string, sub: string) => `${LIS}membership/${principal}#${sub}`;
const institution = (role: string) => `${LIS}institution/person#${role}`;
const system = (role: string) => `${LIS}system/person#${role}`;
const NEUTRAL = [system('None'), institution('None')];

type Row = [name: string, roles: string[], expected: CoachingRole];

/** Every row in one test, each failure named by its row. */
function expectMappings(rows: Row[]) {
  const wrong = rows
    .map(([name, roles, expected]) => ({ name, expected, got: coachingRoleFrom(roles) }))
    .filter((row) => row.got !== row.expected);
  expect(wrong).toEqual([]);
}

describe('coachingRoleFrom', () => {
  it('maps each Open edX course role (xblock-lti-consumer sends them with system/institution #None)', () => {
    expectMappings([
      ['course Admin', [...NEUTRAL, context('Administrator'), context('Instructor')], 'coach'],
      ['course Admin, Administrator alone', [...NEUTRAL, context('Administrator')], 'coach'],
      ['staff and limited staff', [...NEUTRAL, context('Instructor')], 'coach'],
      ['student, guest and other course roles', [...NEUTRAL, context('Learner')], 'teacher'],
      [
        'community TA, group moderator',
        [...NEUTRAL, context('Learner'), subRole('Instructor', 'TeachingAssistant')],
        'coach',
      ],
      [
        'global staff',
        [
          system('Administrator'),
          institution('Administrator'),
          institution('Staff'),
          institution('Faculty'),
          institution('Instructor'),
          context('Administrator'),
          context('Instructor'),
        ],
        'provider-admin',
      ],
    ]);
  });

  it('maps what Moodle and Canvas send, the most capable role winning', () => {
    expectMappings([
      ['Moodle teacher', [context('Instructor')], 'coach'],
      ['Moodle student', [context('Learner')], 'teacher'],
      [
        'Moodle site admin in a course',
        [context('Instructor'), system('Administrator'), institution('Administrator')],
        'provider-admin',
      ],
      ['Canvas teacher', [institution('Instructor'), context('Instructor'), system('User')], 'coach'],
      [
        'Canvas TA',
        [context('Instructor'), subRole('Instructor', 'TeachingAssistant'), system('User')],
        'coach',
      ],
      ['Canvas student', [institution('Student'), context('Learner'), system('User')], 'teacher'],
      ['Canvas designer', [context('ContentDeveloper'), system('User')], 'provider-admin'],
      ['Canvas observer', [context('Mentor'), system('User')], 'coach'],
      ['Canvas account admin', [institution('Administrator'), system('User')], 'provider-admin'],
      ['Canvas site admin', [system('SysAdmin'), context('Learner')], 'provider-admin'],
      [
        'Canvas student view (test user)',
        [context('Learner'), 'http://purl.imsglobal.org/vocab/lti/system/person#TestUser'],
        'teacher',
      ],
      ['Learner and Instructor', [context('Learner'), context('Instructor')], 'coach'],
    ]);
  });

  it('reads the deprecated short names as context roles', () => {
    expectMappings([
      ['Administrator', ['Administrator'], 'coach'],
      ['Instructor', ['Instructor'], 'coach'],
      ['Learner', ['Learner'], 'teacher'],
      ['Mentor', ['Mentor'], 'coach'],
      ['TeachingAssistant (the LTI 1.1 name)', ['TeachingAssistant'], 'coach'],
      ['ContentDeveloper', ['ContentDeveloper'], 'provider-admin'],
    ]);
  });

  it("reads a sub-role as its principal role, whatever the sub-role's own name", () => {
    expectMappings([
      ['Administrator#Developer', [subRole('Administrator', 'Developer')], 'coach'],
      ['Administrator#SystemAdministrator', [subRole('Administrator', 'SystemAdministrator')], 'coach'],
      ['Instructor#TeachingAssistant', [subRole('Instructor', 'TeachingAssistant')], 'coach'],
      ['Learner#Instructor', [subRole('Learner', 'Instructor')], 'teacher'],
      ['Mentor#Tutor', [subRole('Mentor', 'Tutor')], 'coach'],
      ['ContentDeveloper#Librarian', [subRole('ContentDeveloper', 'Librarian')], 'provider-admin'],
    ]);
  });

  it('grants provider-admin from institution or system administrators only; other such roles grant nothing', () => {
    expectMappings([
      ['institution Administrator', [institution('Administrator')], 'provider-admin'],
      ['system Administrator', [system('Administrator')], 'provider-admin'],
      ['system SysAdmin', [system('SysAdmin')], 'provider-admin'],
      ['deprecated person#Administrator', [`${LIS}person#Administrator`], 'provider-admin'],
      ['institution Instructor', [institution('Instructor')], 'guest'],
      ['institution Faculty and Staff', [institution('Faculty'), institution('Staff')], 'guest'],
      ['institution Learner', [institution('Learner')], 'guest'],
      ['system AccountAdmin', [system('AccountAdmin')], 'guest'],
      ['neutral roles', NEUTRAL, 'guest'],
      ['Manager, Member, Officer', [context('Manager'), context('Member'), context('Officer')], 'guest'],
    ]);
  });

  it("ignores roles from vocabularies it does not know, even with a familiar name after the '#'", () => {
    expectMappings([
      ['unknown vocabulary Administrator', ['http://example.com/roles#Administrator'], 'guest'],
      [
        'unknown vocabulary Instructor beside Learner',
        ['https://lms.example/vocab/person#Instructor', context('Learner')],
        'teacher',
      ],
      ['unknown LIS vocabulary', [`${LIS}unknown/unknown#Unknown`], 'guest'],
      ['misspelt institution Administrator', [`${LIS}institution/person#administrator`], 'guest'],
      ['empty string', [''], 'guest'],
      ['no roles', [], 'guest'],
    ]);
  });

  it('never makes a course-level Administrator a provider admin, in any form', () => {
    const courseAdministrator = [
      context('Administrator'),
      'Administrator',
      subRole('Administrator', 'Administrator'),
      subRole('Administrator', 'ExternalSystemAdministrator'),
    ];
    for (const role of courseAdministrator) {
      expect(coachingRoleFrom([role]), role).toBe('coach');
      expect(coachingRoleFrom([...NEUTRAL, role, context('Learner')]), role).toBe('coach');
    }
  });
});

describe('rosterRoleFrom', () => {
  it('lists course admins and instructors as coaches, learners as teachers, nobody else', () => {
    const rows: [string[], 'teacher' | 'coach' | null][] = [
      [[context('Administrator'), context('Instructor')], 'coach'],
      [[context('Administrator')], 'coach'],
      [[context('Learner')], 'teacher'],
      [[subRole('Learner', 'Instructor')], 'teacher'],
      [['http://example.com/roles#Instructor'], null],
      [[context('Member')], null],
      [[], null],
    ];
    expect(rows.map(([roles]) => rosterRoleFrom(roles))).toEqual(rows.map(([, expected]) => expected));
  });
});
