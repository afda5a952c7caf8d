import { daysBetween } from '../../shared/domain/coaching/calendar-days.ts';
import type { CoachAgenda, CoachAgendaSource } from '../reminders/ports.ts';
import type { CycleStore } from './ports.ts';

/**
 * What reminders (the digest, the calendar feed) learn of a coach's course: check-back days and
 * planned observations in the window, rounds waiting, check-ins since the last digest. Names and
 * step titles only; never what was said.
 */
export function createCoachAgendaSource(
  store: Pick<CycleStore, 'caseloadFacts' | 'plannedObservations'>,
): CoachAgendaSource {
  return {
    async agendaFor(coach, window): Promise<CoachAgenda> {
      const course = { tenant: coach.tenant, contextKey: coach.contextKey };
      const [facts, planned] = await Promise.all([
        store.caseloadFacts(course, window.since),
        store.plannedObservations(course),
      ]);
      const nameOf = new Map(facts.teachers.map((teacher) => [teacher.teacherId, teacher.name]));
      const inWindow = (day: string) =>
        daysBetween(window.from, day) >= 0 && daysBetween(day, window.to) >= 0;
      const sum = (counts: Map<string, number>) =>
        [...counts].reduce((total, [teacherId, count]) => total + (nameOf.has(teacherId) ? count : 0), 0);
      return {
        checkBacks: facts.currentSteps.flatMap((step) => {
          const teacherName = nameOf.get(step.teacherId);
          return teacherName !== undefined && step.checkBackOn && inWindow(step.checkBackOn)
            ? [{ teacherId: step.teacherId, teacherName, stepTitle: step.title, on: step.checkBackOn }]
            : [];
        }),
        plannedObservations: planned.flatMap((plan) => {
          const teacherName = nameOf.get(plan.teacherId);
          return teacherName !== undefined && inWindow(plan.on)
            ? [{ teacherId: plan.teacherId, teacherName, on: plan.on }]
            : [];
        }),
        roundsWaiting: sum(facts.roundsWaiting),
        newCheckIns: sum(facts.checkInsSince),
      };
    },
  };
}
