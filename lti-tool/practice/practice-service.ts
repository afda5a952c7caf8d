import { SCORE_MAXIMUM, scoreForReview, type CoachingModule } from '../../shared/domain/coaching/module.ts';
import type {
  CheckIn,
  CheckInInput,
  FeedbackInput,
  Reflection,
  ReflectionInput,
  RoundSubmission,
} from '../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { PAGE_SIZES, type PageQuery } from '../../shared/protocol/paging.ts';
import {
  MAX_RECENT_FEEDBACK,
  type CoachFeedbackItem,
  type CoachFeedbackResponse,
} from '../../shared/protocol/api.ts';
import type {
  Draft,
  HistoryResponse,
  PracticeResponse,
  ProviderActivityResponse,
  ReviewQueueResponse,
} from '../../shared/protocol/practice-api.ts';
import type { ResourceLinkRecord, ResourceLinkStore } from '../core/resource-links.ts';
import type { GradeService } from '../grades/grade-service.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import { scopeOf, type AllowedFor } from '../core/policy.ts';
import type { Principal } from '../core/principal.ts';
import type { ModuleCatalogue } from '../modules/module-catalogue.ts';
import { hasGradebook, moduleActivity, moduleIdOfActivity } from './module-activity.ts';
import { createPracticeLists } from './practice-lists.ts';
import type { MediaStore } from '../media/ports.ts';
import type { ActionStepStore } from '../steps/ports.ts';
import {
  wireRound,
  type ActivityUsageStore,
  type CheckInStore,
  type DraftKey,
  type DraftStore,
  type PracticeRoundStore,
  type ReflectionStore,
  type StoredRound,
  type TraineeHistoryStore,
} from './ports.ts';

type Session = Extract<Principal, { kind: 'session' }>;
type Device = Extract<Principal, { kind: 'device' }>;

/** The grade events a practice write records, in that write's transaction. */
export type GradeRecorder = Pick<GradeService, 'recordSubmission' | 'recordReview'>;

export interface PracticeServiceDeps {
  rounds: PracticeRoundStore;
  checkIns: CheckInStore;
  reflections: ReflectionStore;
  drafts: DraftStore;
  /** A trainee's steps and name, for their history. */
  history: TraineeHistoryStore;
  /** How many courses launched each module's activity, for the provider's counts. */
  usage: ActivityUsageStore;
  /** The activity a page names. */
  links: Pick<ResourceLinkStore, 'get'>;
  /** A round's recording. */
  media: Pick<MediaStore, 'info'>;
  /** A teacher's current step (a practice page), and a paired device's step (its check-ins). */
  steps: Pick<ActionStepStore, 'current' | 'ofTeacher'>;
  modules: ModuleCatalogue;
  /** The grade outbox; each score is written in the transaction of the round or feedback it is for. */
  grades: GradeRecorder;
  /** How many days recordings are kept (RECORDING_RETENTION_DAYS), for the practice page to say. */
  recordingRetentionDays?: number;
}

const UNNAMED = 'Unnamed participant';

/** The lists of the practice response that page on (practice.routes.ts). */
export type PracticeList = 'rounds' | 'checkIns' | 'reflections';

/** One judgement per success criterion, or a 400 saying how many. */
function checkJudgements(what: string, given: number, expected: number) {
  if (given === expected) return;
  throw new DomainError(
    'invalid-input',
    `Invalid input: ${what} must judge each of the ${expected} success criteria (got ${given})`,
  );
}

/**
 * Practice on a module activity: rounds and their grade events, feedback, the review queue,
 * histories, check-ins, reflections and the provider's counts. Routes check roles; this checks
 * that everything named belongs to the caller's institution and course.
 */
export function createPracticeService(deps: PracticeServiceDeps) {
  const { modules } = deps;
  const lists = createPracticeLists(deps);

  /** A page acts only on the activity it was launched for (the session's pin); 403 otherwise. */
  function checkPinned(session: Session, linkKey: string): void {
    if (session.linkKey === linkKey) return;
    throw new DomainError(
      'forbidden',
      'This page was opened for another activity. Open this activity from your course.',
    );
  }

  /**
   * The module activity `linkKey` in the caller's course, and its module: the one place a link
   * named by a page is resolved. 404 if it is not an activity of the caller's course, 403 if the
   * page was launched for another one, 404 if it is not a practice module.
   */
  async function moduleLink(
    session: Session,
    linkKey: string,
  ): Promise<{ link: ResourceLinkRecord; module: CoachingModule }> {
    const link = await courseLink(session, linkKey);
    const moduleId = moduleIdOfActivity(link.activity);
    if (!moduleId) throw new DomainError('not-found', 'This activity is not a practice module.');
    const module = await modules.find(session.tenant, moduleId);
    if (!module) throw new DomainError('not-found', "This activity's module is no longer available.");
    return { link, module };
  }

  /** The activity `linkKey` of the caller's course, the one their page was launched for; 404 otherwise. */
  async function courseLink(session: Session, linkKey: string): Promise<ResourceLinkRecord> {
    const link = await deps.links.get(linkKey);
    if (!link || link.tenant !== session.tenant || link.contextKey !== session.contextKey) {
      throw new DomainError('not-found', 'This activity is not part of your course.');
    }
    checkPinned(session, link.key);
    return link;
  }

  const ownRound = (session: Session, round: StoredRound | null) =>
    round && round.tenant === session.tenant && round.traineeId === session.userId ? round : null;

  async function submitRound(session: Session, submission: RoundSubmission) {
    const repeat = ownRound(session, await deps.rounds.get(submission.id));
    if (repeat) {
      // A page never learns of rounds on another activity, not even its own trainee's.
      if (repeat.linkKey !== session.linkKey) {
        throw new DomainError('conflict', 'This round id is already in use. Start a new round.');
      }
      return { round: wireRound(repeat), created: false };
    }
    const { link, module } = await moduleLink(session, submission.linkKey);
    checkJudgements(
      'selfAssessment',
      submission.selfAssessment.length,
      module.actionStep.successCriteria.length,
    );
    const { audioId } = submission.rehearsal;
    if (audioId !== null) {
      const audio = await deps.media.info(audioId);
      if (
        !audio ||
        audio.tenant !== session.tenant ||
        audio.ownerId !== session.userId ||
        audio.purpose !== 'rehearsal'
      ) {
        throw new DomainError(
          'invalid-input',
          'Invalid input: rehearsal.audioId is not a recording you uploaded; record it again',
        );
      }
    }
    const traineeName = session.name ?? UNNAMED;
    const { round, created } = await deps.rounds.submit(
      {
        id: submission.id,
        tenant: session.tenant,
        contextKey: session.contextKey,
        linkKey: link.key,
        moduleId: module.id,
        traineeId: session.userId,
        traineeName,
        script: submission.rehearsal.script,
        audioId,
        selfAssessment: submission.selfAssessment,
      },
      async (stored, transaction) => {
        const draft = { tenant: session.tenant, userId: session.userId, linkKey: link.key };
        await deps.drafts.removeIfRound(draft, stored.id, transaction);
        if (!hasGradebook(link)) return;
        await deps.grades.recordSubmission(
          {
            idempotencyKey: `round:${stored.id}:submitted`,
            linkKey: link.key,
            contextKey: link.contextKey,
            userId: session.userId,
          },
          SCORE_MAXIMUM,
          transaction,
        );
      },
    );
    return { round: wireRound(round), created };
  }

  async function giveFeedback(session: Session, roundId: string, input: FeedbackInput) {
    const round = await deps.rounds.get(roundId);
    // Another course's or institution's round reads as no round at all.
    if (!round || round.tenant !== session.tenant || round.contextKey !== session.contextKey) {
      throw new DomainError('not-found', 'There is no such round in this course.');
    }
    const stale = () =>
      new DomainError('conflict', 'This round already has feedback: someone gave it while you were writing.');
    if (round.feedback) throw stale();
    const module = await modules.find(session.tenant, round.moduleId);
    // A module that has since gone: judge as many criteria as the trainee did.
    const criteriaCount = module?.actionStep.successCriteria.length ?? round.selfAssessment.length;
    checkJudgements('criteria', input.criteria.length, criteriaCount);
    const link = await deps.links.get(round.linkKey);
    const reviewed = await deps.rounds.giveFeedback(
      { tenant: session.tenant, contextKey: session.contextKey, id: round.id },
      { ...input, coachId: session.userId, coachName: session.name },
      async (stored, transaction) => {
        if (!link || !hasGradebook(link)) return;
        await deps.grades.recordReview(
          {
            idempotencyKey: `round:${stored.id}:reviewed`,
            linkKey: link.key,
            contextKey: link.contextKey,
            userId: stored.traineeId,
          },
          { given: scoreForReview(module?.scoring ?? 'criteria', input.criteria), maximum: SCORE_MAXIMUM },
          transaction,
        );
      },
    );
    if (!reviewed) throw stale();
    return wireRound(reviewed);
  }

  async function reviewQueue(session: Session, query: PageQuery): Promise<ReviewQueueResponse> {
    const cursorScope = [session.tenant, session.contextKey];
    const after = decodeCursor(CURSORS.reviewQueue, cursorScope, query.after);
    const page = await deps.rounds.reviewQueue(
      { tenant: session.tenant, contextKey: session.contextKey },
      { limit: query.limit, after: after ? { submittedAt: after[0], id: after[1] } : null },
    );
    const moduleOf = modules.cachedFinder(session.tenant);
    const items = await Promise.all(
      page.rounds.map(async (round) => {
        const module = await moduleOf(round.moduleId);
        return {
          roundId: round.id,
          traineeId: round.traineeId,
          traineeName: round.traineeName,
          moduleId: round.moduleId,
          moduleTitle: module?.title ?? round.moduleId,
          successCriteria: module ? [...module.actionStep.successCriteria] : [],
          roundNumber: round.roundNumber,
          script: round.script,
          audioId: round.audioId,
          selfAssessment: round.selfAssessment,
          submittedAt: round.submittedAt,
        };
      }),
    );
    return {
      items,
      total: page.total,
      next: nextOf(CURSORS.reviewQueue, cursorScope, { items: page.rounds, more: page.more }, (round) => [
        round.submittedAt,
        round.id,
      ]),
    };
  }

  /** The module, the trainee's current step and the first page of each list (newest first). */
  async function practice(session: Session, linkKey: string): Promise<PracticeResponse> {
    const { link, module } = await moduleLink(session, linkKey);
    const [rounds, checkIns, reflections, currentStep] = await Promise.all([
      lists.rounds(session, link.key, { limit: PAGE_SIZES.rounds.default }),
      lists.checkIns(session, link.key, { limit: PAGE_SIZES.checkIns.default }),
      lists.reflections(session, link.key, { limit: PAGE_SIZES.reflections.default }),
      deps.steps.current({
        tenant: session.tenant,
        contextKey: session.contextKey,
        teacherId: session.userId,
      }),
    ]);
    return {
      module,
      rounds: rounds.rounds,
      checkIns: checkIns.checkIns,
      reflections: reflections.reflections,
      currentStep,
      ...(deps.recordingRetentionDays ? { recordingRetentionDays: deps.recordingRetentionDays } : {}),
      next: { rounds: rounds.next, checkIns: checkIns.next, reflections: reflections.next },
    };
  }

  /** A further page of one of the practice response's lists. */
  async function practicePage<List extends PracticeList>(
    session: Session,
    linkKey: string,
    list: List,
    query: PageQuery,
  ): Promise<Awaited<ReturnType<(typeof lists)[List]>>> {
    const { link } = await moduleLink(session, linkKey);
    return (await lists[list](session, link.key, query)) as Awaited<ReturnType<(typeof lists)[List]>>;
  }

  /**
   * A trainee's history, once the viewer may read it: the coach of their course, or the trainee
   * themself (the viewer's scope in the policy table); then a page of it at a time. Providers and
   * leaders see counts (providerActivity), never what a teacher and their coach wrote.
   */
  function historyOf(viewer: AllowedFor<'history.read'>, userId: string) {
    if (scopeOf(viewer, 'history.read') === 'own' && viewer.userId !== userId) {
      throw new DomainError('forbidden', "A teacher's history is private to them and their coach.");
    }
    return { page: (query: PageQuery): Promise<HistoryResponse> => lists.history(viewer, userId, query) };
  }

  /**
   * The caller's draft on a module activity of their course (the one their page was launched
   * for), once the activity is found: then read, saved (the newer `savedAt` wins) or removed.
   */
  async function draftOn(teacher: AllowedFor<'journal.own'>, linkKey: string) {
    const { link } = await moduleLink(teacher, linkKey);
    const key: DraftKey = { tenant: teacher.tenant, userId: teacher.userId, linkKey: link.key };
    return {
      get: () => deps.drafts.get(key),
      save: (draft: Draft) => deps.drafts.save(key, draft),
      remove: () => deps.drafts.remove(key),
    };
  }

  /**
   * An optional link on a check-in or reflection: the activity the page was launched for, a
   * practice module or the action-step activity itself; a module's entries count toward it.
   */
  async function optionalActivityLink(session: Session, linkKey: string | null) {
    if (linkKey === null) return { linkKey: null, moduleId: null };
    const link = await courseLink(session, linkKey);
    return { linkKey: link.key, moduleId: moduleIdOfActivity(link.activity) };
  }

  /** A teacher's check-in, from their page (on its activity, if any) or their paired extension. */
  function recordCheckIn(
    author: AllowedFor<'checkIns.write'>,
    input: CheckInInput,
  ): Promise<{ checkIn: CheckIn; created: boolean }> {
    return author.kind === 'device' ? recordDeviceCheckIn(author, input) : recordPageCheckIn(author, input);
  }

  async function recordPageCheckIn(
    session: Session,
    input: CheckInInput,
  ): Promise<{ checkIn: CheckIn; created: boolean }> {
    const where = await optionalActivityLink(session, input.linkKey);
    if (input.actionStepId !== null) {
      const steps = await deps.history.steps({
        tenant: session.tenant,
        contextKey: session.contextKey,
        teacherId: session.userId,
      });
      if (!steps.some((step) => step.id === input.actionStepId)) {
        throw new DomainError('invalid-input', 'Invalid input: actionStepId is not one of your action steps');
      }
    }
    return deps.checkIns.record({
      id: input.id,
      tenant: session.tenant,
      contextKey: session.contextKey,
      userId: session.userId,
      ...where,
      actionStepId: input.actionStepId,
      outcome: input.outcome,
      note: input.note,
    });
  }

  /**
   * A paired extension's check-in for its own teacher. It has no activity: the course is that of
   * the step it names, or of the teacher's current step; 409 when the teacher has none.
   */
  async function recordDeviceCheckIn(
    device: Device,
    input: CheckInInput,
  ): Promise<{ checkIn: CheckIn; created: boolean }> {
    if (input.linkKey !== null) {
      throw new DomainError('invalid-input', 'Invalid input: a check-in from the extension has no linkKey');
    }
    const owned = await deps.steps.ofTeacher(
      { tenant: device.tenant, teacherId: device.userId },
      input.actionStepId,
    );
    if (!owned) {
      if (input.actionStepId !== null) {
        throw new DomainError('invalid-input', 'Invalid input: actionStepId is not one of your action steps');
      }
      throw new DomainError('conflict', 'You have no current action step to check in on yet.');
    }
    return deps.checkIns.record({
      id: input.id,
      tenant: device.tenant,
      contextKey: owned.contextKey,
      userId: device.userId,
      linkKey: null,
      moduleId: null,
      actionStepId: owned.step.id,
      outcome: input.outcome,
      note: input.note,
    });
  }

  async function recordReflection(
    session: Session,
    input: ReflectionInput,
  ): Promise<{ reflection: Reflection; created: boolean }> {
    const where = await optionalActivityLink(session, input.linkKey);
    return deps.reflections.record({
      id: input.id,
      tenant: session.tenant,
      contextKey: session.contextKey,
      userId: session.userId,
      ...where,
      wentWell: input.wentWell,
      change: input.change,
      next: input.next,
    });
  }

  /** Per module of the institution, a page of modules at a time: numbers only, never what anyone wrote. */
  async function providerActivity(session: Session, query: PageQuery): Promise<ProviderActivityResponse> {
    const cursorScope = [session.tenant];
    const after = decodeCursor(CURSORS.providerActivity, cursorScope, query.after);
    const page = await modules.page(session.tenant, null, {
      limit: query.limit,
      after: after ? { origin: after[0], id: after[1] } : null,
    });
    const ids = page.items.map((module) => module.id);
    const [rounds, checkIns, reflections, courses] = await Promise.all([
      deps.rounds.countsByModule(session.tenant, ids),
      deps.checkIns.countsByModule(session.tenant, ids),
      deps.reflections.countsByModule(session.tenant, ids),
      deps.usage.coursesByActivity(session.tenant, ids.map(moduleActivity)),
    ]);
    return {
      next: nextOf(CURSORS.providerActivity, cursorScope, page, (module) => [module.origin, module.id]),
      modules: page.items.map((module) => ({
        moduleId: module.id,
        title: module.title,
        courses: courses.get(moduleActivity(module.id)) ?? 0,
        trainees: rounds.get(module.id)?.trainees ?? 0,
        rounds: rounds.get(module.id)?.rounds ?? 0,
        reviewed: rounds.get(module.id)?.reviewed ?? 0,
        checkIns: checkIns.get(module.id) ?? 0,
        reflections: reflections.get(module.id) ?? 0,
      })),
    };
  }

  /**
   * The paired extension's "recent feedback from your coach": its teacher's reviewed rounds
   * across their courses in that institution, newest first.
   */
  async function recentFeedback(device: AllowedFor<'feedback.readOwn'>): Promise<CoachFeedbackResponse> {
    const rounds = await deps.rounds.recentFeedback(
      { tenant: device.tenant, traineeId: device.userId },
      MAX_RECENT_FEEDBACK,
    );
    const moduleOf = modules.cachedFinder(device.tenant);
    const feedback = await Promise.all(
      rounds.map(async (round): Promise<CoachFeedbackItem | null> => {
        if (!round.feedback) return null;
        const module = await moduleOf(round.moduleId);
        return {
          roundId: round.id,
          moduleTitle: module?.title ?? round.moduleId,
          roundNumber: round.roundNumber,
          praise: round.feedback.praise,
          probe: round.feedback.probe,
          nextStep: round.feedback.nextStep,
          criteria: round.feedback.criteria,
          successCriteria: module ? [...module.actionStep.successCriteria] : [],
          givenAt: round.feedback.givenAt,
        };
      }),
    );
    return { feedback: feedback.filter((item): item is CoachFeedbackItem => item !== null) };
  }

  return {
    submitRound,
    giveFeedback,
    reviewQueue,
    practice,
    practicePage,
    historyOf,
    draftOn,
    recordCheckIn,
    recordReflection,
    providerActivity,
    recentFeedback,
  };
}
export type PracticeService = ReturnType<typeof createPracticeService>;
