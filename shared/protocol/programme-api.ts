import * as v from 'valibot';
import { IdSchema, requiredText } from '../domain/coaching/text.ts';

/**
 * The programme view: activity, never content, for provider admins (their tenant) and the school
 * leaders they name (their school's courses). Paths and bodies shared by the pages and the server.
 */
export const PROGRAMME_API = {
  view: '/api/programme',
  /** Provider admins: the schools, their courses and their leaders. */
  schools: '/api/programme/schools',
  school: (id: string) => `/api/programme/schools/${encodeURIComponent(id)}`,
  leader: (userId: string) => `/api/programme/leaders/${encodeURIComponent(userId)}`,
  /** The viewer's own private notes on a period. */
  notes: '/api/programme/notes',
  /** Provider admins: participation per teacher, CSV. */
  engagement: '/api/programme/engagement.csv',
} as const;

/** What a school is called, and which of the tenant's courses it holds. */
export const SchoolInputSchema = v.object({
  name: requiredText('School name', 120),
  courseKeys: v.pipe(v.array(IdSchema), v.maxLength(500, 'A school holds at most 500 courses')),
});
export type SchoolInput = v.InferOutput<typeof SchoolInputSchema>;

/** A leader named by their LMS user id (the `sub` their LMS sends), for one school. */
export const LeaderInputSchema = v.object({
  name: requiredText('Leader name', 120),
  schoolId: IdSchema,
});
export type LeaderInput = v.InferOutput<typeof LeaderInputSchema>;

export const NoteInputSchema = v.object({
  period: v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])\/\d{1,2}$/, 'period must be YYYY-MM/months')),
  text: v.pipe(v.string(), v.maxLength(5000, 'A note has at most 5,000 characters')),
});
export type NoteInput = v.InferOutput<typeof NoteInputSchema>;

const Rate = v.nullable(v.number());
const FiguresSchema = v.variant('suppressed', [
  v.object({ suppressed: v.literal(true) }),
  v.object({
    suppressed: v.literal(false),
    teachers: v.number(),
    teachersCoached: v.number(),
    conversationsPerTeacherPerMonth: Rate,
    observationsPerTeacherPerMonth: Rate,
    medianDaysBetweenConversations: Rate,
    securedShare: Rate,
    roundsPerTeacher: Rate,
    reviewedWithin3DaysShare: Rate,
    checkInsPerTeacher: Rate,
    checkBacksOverdue: v.number(),
  }),
]);

/** What a page reads back of GET PROGRAMME_API.view (checked, as every response is). */
export const ProgrammeViewResponseSchema = v.object({
  scope: v.variant('kind', [
    v.object({ kind: v.literal('tenant') }),
    v.object({ kind: v.literal('school'), names: v.array(v.string()) }),
  ]),
  period: v.object({
    months: v.array(v.string()),
    from: v.string(),
    to: v.string(),
    weekStarts: v.array(v.string()),
  }),
  summary: v.object({
    programme: FiguresSchema,
    schools: v.array(
      v.object({
        id: v.nullable(v.string()),
        name: v.string(),
        courses: v.number(),
        figures: FiguresSchema,
        months: v.array(v.object({ month: v.string(), conversationsPerTeacher: Rate })),
      }),
    ),
    courses: v.array(v.object({ key: v.string(), title: v.string(), figures: FiguresSchema })),
    coaches: v.array(
      v.object({
        id: v.string(),
        name: v.string(),
        figures: FiguresSchema,
        weeks: v.nullable(v.array(v.number())),
      }),
    ),
    modules: v.array(
      v.object({
        id: v.string(),
        title: v.string(),
        figures: v.variant('suppressed', [
          v.object({ suppressed: v.literal(true) }),
          v.object({
            suppressed: v.literal(false),
            teachers: v.number(),
            roundsPerTeacher: v.number(),
            reviewedWithin3DaysShare: Rate,
          }),
        ]),
      }),
    ),
  }),
  /** When these figures were computed (ISO): a view is kept for a few minutes between visits. */
  asOf: v.string(),
  note: v.string(),
});

export const SchoolsResponseSchema = v.object({
  schools: v.array(
    v.object({
      id: v.string(),
      name: v.string(),
      courseKeys: v.array(v.string()),
      leaders: v.array(v.object({ userId: v.string(), name: v.string() })),
    }),
  ),
  courses: v.array(v.object({ key: v.string(), title: v.nullable(v.string()) })),
});

export const NoteResponseSchema = v.object({ note: v.string() });

export type ProgrammeViewResponse = v.InferOutput<typeof ProgrammeViewResponseSchema>;
export type SchoolsResponse = v.InferOutput<typeof SchoolsResponseSchema>;
