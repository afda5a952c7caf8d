import type { ActionStep } from '../../shared/domain/coaching/action-step.ts';
import type { CheckIn, Reflection } from '../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { PageQuery } from '../../shared/protocol/paging.ts';
import type {
  HistoryResponse,
  PracticeCheckInsPage,
  PracticeReflectionsPage,
  PracticeRoundsPage,
} from '../../shared/protocol/practice-api.ts';
import type { OlderThan } from '../core/keyset.ts';
import { CURSORS, decodeCursor, nextOf } from '../core/page-cursor.ts';
import type { Principal } from '../core/principal.ts';
import type { ModuleCatalogue } from '../modules/module-catalogue.ts';
import {
  wireRound,
  type CheckInStore,
  type PracticeRoundStore,
  type ReflectionStore,
  type StoredRound,
  type TraineeHistoryStore,
} from './ports.ts';

type Session = Extract<Principal, { kind: 'session' }>;

const UNNAMED = 'Unnamed participant';

/** The lists of a history, in the order they sort among entries made at the same instant. */
const STEP = 0;
const ROUND = 1;
const CHECK_IN = 2;
const REFLECTION = 3;
type Rank = typeof STEP | typeof ROUND | typeof CHECK_IN | typeof REFLECTION;

type HistoryEntry =
  | { rank: typeof STEP; at: string; id: string; step: ActionStep }
  | { rank: typeof ROUND; at: string; id: string; round: StoredRound }
  | { rank: typeof CHECK_IN; at: string; id: string; checkIn: CheckIn }
  | { rank: typeof REFLECTION; at: string; id: string; reflection: Reflection };

/**
 * The paged lists of practice: a trainee's rounds, check-ins and reflections on one activity,
 * and a trainee's whole history. Callers have checked the activity (`linkKey`) or the viewer.
 */
export interface PracticeListsDeps {
  rounds: PracticeRoundStore;
  checkIns: CheckInStore;
  reflections: ReflectionStore;
  history: TraineeHistoryStore;
  modules: ModuleCatalogue;
}

export function createPracticeLists(deps: PracticeListsDeps) {
  /** Whose list a practice cursor is for: this trainee, on this activity, in this course. */
  const activityScope = (session: Session, linkKey: string) => [
    session.tenant,
    session.contextKey,
    session.userId,
    linkKey,
  ];
  const journalScope = (session: Session, linkKey: string) => ({
    tenant: session.tenant,
    contextKey: session.contextKey,
    userId: session.userId,
    linkKey,
  });

  async function rounds(session: Session, linkKey: string, query: PageQuery): Promise<PracticeRoundsPage> {
    const scope = activityScope(session, linkKey);
    const after = decodeCursor(CURSORS.practiceRounds, scope, query.after);
    const page = await deps.rounds.onActivityPage(
      { tenant: session.tenant, contextKey: session.contextKey, traineeId: session.userId, linkKey },
      { limit: query.limit, before: after ? after[0] : null },
    );
    return {
      rounds: page.items.map(wireRound),
      next: nextOf(CURSORS.practiceRounds, scope, page, (round) => [round.roundNumber]),
    };
  }

  async function checkIns(
    session: Session,
    linkKey: string,
    query: PageQuery,
  ): Promise<PracticeCheckInsPage> {
    const scope = activityScope(session, linkKey);
    const after = decodeCursor(CURSORS.practiceCheckIns, scope, query.after);
    const page = await deps.checkIns.page(journalScope(session, linkKey), {
      limit: query.limit,
      before: after ? { at: after[0], id: after[1], ties: 'id' } : null,
    });
    return {
      checkIns: page.items,
      next: nextOf(CURSORS.practiceCheckIns, scope, page, (entry) => [entry.at, entry.id]),
    };
  }

  async function reflections(
    session: Session,
    linkKey: string,
    query: PageQuery,
  ): Promise<PracticeReflectionsPage> {
    const scope = activityScope(session, linkKey);
    const after = decodeCursor(CURSORS.practiceReflections, scope, query.after);
    const page = await deps.reflections.page(journalScope(session, linkKey), {
      limit: query.limit,
      before: after ? { at: after[0], id: after[1], ties: 'id' } : null,
    });
    return {
      reflections: page.items,
      next: nextOf(CURSORS.practiceReflections, scope, page, (entry) => [entry.writtenAt, entry.id]),
    };
  }

  /**
   * A trainee's steps, rounds, check-ins and reflections as one list, newest first: `limit` of
   * each list past the cursor are read, merged by instant (then list, then each list's own id
   * order) and cut at `limit`. Viewer checks are the route's.
   */
  async function history(session: Session, userId: string, query: PageQuery): Promise<HistoryResponse> {
    const cursorScope = [session.tenant, session.contextKey, userId];
    const after = decodeCursor(CURSORS.history, cursorScope, query.after);
    /** Where each list continues: at the cursor's instant, lists ranked below it come after it. */
    const before = (rank: Rank): OlderThan | null =>
      after === null
        ? null
        : {
            at: after[0],
            id: after[2],
            ties: rank < after[1] ? 'all' : rank > after[1] ? 'none' : 'id',
          };
    const scope = { tenant: session.tenant, contextKey: session.contextKey };
    const page = { limit: query.limit };
    const [member, steps, rounds, checkIns, reflections] = await Promise.all([
      deps.history.member(session.contextKey, userId),
      deps.history.stepsPage({ ...scope, teacherId: userId }, { ...page, before: before(STEP) }),
      deps.rounds.inCoursePage({ ...scope, traineeId: userId }, { ...page, before: before(ROUND) }),
      deps.checkIns.page({ ...scope, userId }, { ...page, before: before(CHECK_IN) }),
      deps.reflections.page({ ...scope, userId }, { ...page, before: before(REFLECTION) }),
    ]);
    const candidates: HistoryEntry[] = [
      ...steps.items.map((step) => ({ rank: STEP, at: step.setAt, id: step.id, step }) as const),
      ...rounds.items.map((round) => ({ rank: ROUND, at: round.submittedAt, id: round.id, round }) as const),
      ...checkIns.items.map(
        (checkIn) => ({ rank: CHECK_IN, at: checkIn.at, id: checkIn.id, checkIn }) as const,
      ),
      ...reflections.items.map(
        (reflection) =>
          ({ rank: REFLECTION, at: reflection.writtenAt, id: reflection.id, reflection }) as const,
      ),
    ];
    // Stable: entries of one list at one instant keep the database's id order.
    candidates.sort((a, b) => (a.at === b.at ? b.rank - a.rank : a.at < b.at ? 1 : -1));
    const entries = candidates.slice(0, query.limit);
    const more =
      candidates.length > query.limit || [steps, rounds, checkIns, reflections].some((list) => list.more);
    if (after === null && !member && entries.length === 0) {
      throw new DomainError('not-found', 'There is no such teacher in this course.');
    }

    const body: HistoryResponse = {
      trainee: { userId, name: UNNAMED },
      steps: [],
      rounds: [],
      checkIns: [],
      reflections: [],
      earlierSteps: [],
      next: nextOf(CURSORS.history, cursorScope, { items: entries, more }, (entry) => [
        entry.at,
        entry.rank,
        entry.id,
      ]),
    };
    const moduleOf = deps.modules.cachedFinder(session.tenant);
    for (const entry of entries) {
      switch (entry.rank) {
        case STEP:
          body.steps.push(entry.step);
          break;
        case ROUND:
          body.rounds.push({
            ...wireRound(entry.round),
            moduleTitle: (await moduleOf(entry.round.moduleId))?.title ?? entry.round.moduleId,
          });
          break;
        case CHECK_IN:
          body.checkIns.push(entry.checkIn);
          break;
        case REFLECTION:
          body.reflections.push(entry.reflection);
          break;
      }
    }
    const newestRound = entries.find((entry) => entry.rank === ROUND);
    body.trainee.name =
      member?.name ?? (newestRound?.rank === ROUND ? newestRound.round.traineeName : UNNAMED);

    // Older steps this page's entries belong to, so it can be grouped into cycles on its own.
    const oldest = entries.at(-1);
    if (more && oldest) {
      const here = new Set(body.steps.map((step) => step.id));
      const named = body.checkIns.flatMap((checkIn) =>
        checkIn.actionStepId !== null && !here.has(checkIn.actionStepId) ? [checkIn.actionStepId] : [],
      );
      const earlier = await deps.history.stepsFor(
        { ...scope, teacherId: userId },
        { inEffectAt: oldest.at, ids: [...new Set(named)] },
      );
      body.earlierSteps = earlier.filter((step) => !here.has(step.id));
    }
    return body;
  }

  return { rounds, checkIns, reflections, history };
}
export type PracticeLists = ReturnType<typeof createPracticeLists>;
