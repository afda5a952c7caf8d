import {
  byNeedsFirst,
  checkBackProblem,
  DEFAULT_RHYTHM,
  modelRecordingOf,
  urgencyOf,
  type CoachingRhythm,
  type ConversationInput,
  type ObservationInput,
} from '../../shared/domain/coaching/cycle.ts';
import { dayOf, daysBetween } from '../../shared/domain/coaching/calendar-days.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { CaseloadEntry, CaseloadResponse, CycleStart } from '../../shared/protocol/cycle-api.ts';
import type { ContextStore } from '../core/contexts.ts';
import type { AllowedFor } from '../core/policy.ts';
import type { CourseScope, CycleStore, RecordSave, SaveOutcome, StoredRecord } from './ports.ts';
import type { ActionStepStore } from '../steps/ports.ts';
import type { RosterService } from '../roster/roster-service.ts';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import type { MediaStore } from '../media/ports.ts';

export interface CycleServiceDeps {
  store: CycleStore;
  steps: Pick<ActionStepStore, 'current'>;
  /** Who is a teacher of a course: a coach observes and coaches those only. */
  courses: Pick<ContextStore, 'isTeacherIn'>;
  /** The LMS's list of the course, refreshed before the caseload reads who is in it. */
  roster: Pick<RosterService, 'refreshCourse'>;
  /** A module of the institution (its probing questions for a step taken from it). */
  modules: { find(tenant: string, id: string): Promise<CoachingModule | null> };
  /** Stored uploads: a model recording must be the coach's own, made for this course. */
  media: Pick<MediaStore, 'info'>;
  now: () => Date;
}

type Coach = AllowedFor<'cycle.coach'>;
type Teacher = AllowedFor<'cycle.readOwn'>;

/** How many conversations a history page shows; older ones stay in the teacher's download. */
const CONVERSATIONS_SHOWN = 50;

/** An observation may start a little in the future (a phone's clock runs fast), not more. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

const courseOf = (principal: { tenant: string; contextKey: string }): CourseScope => ({
  tenant: principal.tenant,
  contextKey: principal.contextKey,
});

/** A save's answer: the stored record, or a DomainError a route turns into 404 or 400. */
export type SaveAnswer<Input> =
  | { status: 'saved' | 'duplicate'; stored: StoredRecord<Input> }
  | { status: 'conflict'; stored: StoredRecord<Input> };

function settle<Input>(outcome: SaveOutcome<Input>): SaveAnswer<Input> {
  if (outcome.status === 'not-found') throw new DomainError('not-found', 'No such record in this course.');
  if (outcome.status === 'invalid') throw new DomainError('invalid-input', outcome.message);
  return outcome;
}

/**
 * The coach's weekly cycle: the caseload, observations, coaching conversations (which set and
 * secure steps) and the course's rhythm. Teachers read their own conversations; nobody else reads
 * any of it (core/policy.ts).
 */
export function createCycleService(deps: CycleServiceDeps) {
  /**
   * A model recording a conversation refers to must be this coach's, uploaded as a coaching model
   * in this course: the record is what lets its teacher play it, so it may never name anyone
   * else's file (a trainee's rehearsal, another course's model).
   */
  async function requireOwnModelRecording(coach: Coach, mediaId: string | null): Promise<void> {
    if (mediaId === null) return;
    const media = await deps.media.info(mediaId);
    if (
      media?.purpose !== 'coaching' ||
      media.tenant !== coach.tenant ||
      media.contextKey !== coach.contextKey ||
      media.ownerId !== coach.userId
    ) {
      throw new DomainError(
        'invalid-input',
        'The model recording was not uploaded from your device: record it again, then save.',
      );
    }
  }

  async function requireTeacher(coach: Coach, teacherId: string): Promise<void> {
    if (!(await deps.courses.isTeacherIn(coach.contextKey, teacherId)))
      throw new DomainError('not-found', 'That teacher is not in this course.');
  }

  const rhythmOf = async (course: CourseScope): Promise<CoachingRhythm> =>
    (await deps.store.rhythm(course)) ?? DEFAULT_RHYTHM;

  return {
    /** Every teacher of the coach's course, what needs the coach first at the top; marks it seen. */
    async caseload(coach: Coach): Promise<CaseloadResponse> {
      const course = courseOf(coach);
      const now = deps.now();
      const today = dayOf(now);
      await deps.roster.refreshCourse(coach.contextKey);
      const since = await deps.store.markSeen(course, coach.userId, now);
      const [facts, rhythm, planned] = await Promise.all([
        deps.store.caseloadFacts(course, since),
        rhythmOf(course),
        deps.store.plannedObservations(course),
      ]);
      const plannedOn = new Map(planned.map((plan) => [plan.teacherId, plan.on]));
      const stepOf = new Map(facts.currentSteps.map((step) => [step.teacherId, step]));
      const teachers: CaseloadEntry[] = facts.teachers.map(({ teacherId, name }) => {
        const step = stepOf.get(teacherId) ?? null;
        const lastConversationAt = facts.lastConversationAt.get(teacherId) ?? null;
        const checkBackOn = step?.checkBackOn ?? null;
        return {
          teacherId,
          name,
          step,
          lastObservationAt: facts.lastObservationAt.get(teacherId) ?? null,
          lastConversationAt,
          checkBackOn,
          observationPlannedOn: plannedOn.get(teacherId) ?? null,
          ...urgencyOf({ checkBackOn, lastConversationAt }, rhythm, today),
          waiting: {
            rounds: facts.roundsWaiting.get(teacherId) ?? 0,
            checkIns: facts.checkInsSince.get(teacherId) ?? 0,
            reflections: facts.reflectionsSince.get(teacherId) ?? 0,
          },
        };
      });
      return { today, rhythm, teachers: teachers.sort(byNeedsFirst) };
    },

    /** Plans the next drop-in for a teacher of the course (today or later), or unplans it. */
    async planObservation(coach: Coach, teacherId: string, on: string | null): Promise<void> {
      await requireTeacher(coach, teacherId);
      const now = deps.now();
      if (on !== null && daysBetween(dayOf(now), on) < 0)
        throw new DomainError('invalid-input', 'The planned day is in the past; choose today or later.');
      await deps.store.planObservation(courseOf(coach), { teacherId, coachId: coach.userId, on }, now);
    },

    async setRhythm(coach: Coach, rhythm: CoachingRhythm): Promise<void> {
      await deps.store.setRhythm(courseOf(coach), rhythm, deps.now());
    },

    /** What a new observation or conversation with this teacher starts from. */
    async start(coach: Coach, teacherId: string): Promise<CycleStart> {
      await requireTeacher(coach, teacherId);
      const course = courseOf(coach);
      const [step, lastObservation, [lastConversation], moduleId] = await Promise.all([
        deps.steps.current({ ...course, teacherId }),
        deps.store.latestObservation(course, teacherId),
        deps.store.conversations(course, teacherId, { limit: 1 }),
        deps.store.currentStepModule(course, teacherId),
      ]);
      const module = moduleId ? await deps.modules.find(coach.tenant, moduleId) : null;
      return {
        step,
        lastObservation,
        lastConversation: lastConversation ?? null,
        suggestedProbes: module?.reflectionPrompts ?? [],
      };
    },

    async saveObservation(
      coach: Coach,
      save: Omit<RecordSave<ObservationInput>, 'coachId' | 'coachName'>,
    ): Promise<SaveAnswer<ObservationInput>> {
      await requireTeacher(coach, save.input.teacherId);
      const now = deps.now();
      if (Date.parse(save.input.startedAt) > now.getTime() + CLOCK_SLACK_MS)
        throw new DomainError(
          'invalid-input',
          'The observation starts in the future; check the device clock.',
        );
      return settle(
        await deps.store.saveObservation(
          courseOf(coach),
          { ...save, coachId: coach.userId, coachName: coach.name },
          now,
        ),
      );
    },

    async observation(coach: Coach, id: string): Promise<StoredRecord<ObservationInput>> {
      const found = await deps.store.observation(courseOf(coach), id);
      if (!found) throw new DomainError('not-found', 'No such observation in this course.');
      return found;
    },

    async saveConversation(
      coach: Coach,
      save: Omit<RecordSave<ConversationInput>, 'coachId' | 'coachName'>,
    ): Promise<SaveAnswer<ConversationInput>> {
      await requireTeacher(coach, save.input.teacherId);
      const now = deps.now();
      const problem = checkBackProblem(save.input.checkBackOn, dayOf(now));
      if (problem) throw new DomainError('invalid-input', problem);
      await requireOwnModelRecording(coach, modelRecordingOf(save.input.model));
      return settle(
        await deps.store.saveConversation(
          courseOf(coach),
          { ...save, coachId: coach.userId, coachName: coach.name },
          now,
        ),
      );
    },

    async conversationsWith(coach: Coach, teacherId: string): Promise<StoredRecord<ConversationInput>[]> {
      await requireTeacher(coach, teacherId);
      return deps.store.conversations(courseOf(coach), teacherId, { limit: CONVERSATIONS_SHOWN });
    },

    /** A teacher's own record of their conversations: it is theirs. */
    myConversations: (teacher: Teacher): Promise<StoredRecord<ConversationInput>[]> =>
      deps.store.conversations(courseOf(teacher), teacher.userId, { limit: CONVERSATIONS_SHOWN }),
  };
}
export type CycleService = ReturnType<typeof createCycleService>;
