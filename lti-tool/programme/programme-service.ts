import { createHash } from 'node:crypto';
import { DomainError } from '../../shared/domain/errors.ts';
import { periodOf, type PeriodChoice } from '../../shared/domain/programme/programme-period.ts';
import {
  SECURED_WINDOW_WEEKS,
  summariseProgramme,
  type School,
} from '../../shared/domain/programme/programme-summary.ts';
import type {
  LeaderInput,
  ProgrammeViewResponse,
  SchoolInput,
  SchoolsResponse,
} from '../../shared/protocol/programme-api.ts';
import { scopeOf, type AllowedFor } from '../core/policy.ts';
import { engagementCsv } from './engagement-csv.ts';
import type { FactScope, ProgrammeFactSource, ProgrammeStore } from './ports.ts';
import type { ProgrammeSnapshots } from './programme-snapshots.ts';

export interface ProgrammeServiceDeps {
  facts: ProgrammeFactSource;
  store: ProgrammeStore;
  /** Computed views kept between visits (the figures of a programme take most of a second). */
  snapshots: ProgrammeSnapshots;
  /** Module titles by id (starters and the institution's own). */
  moduleTitles: (tenant: string, ids: readonly string[]) => Promise<Map<string, string>>;
  now: () => Date;
}

const DAY_MS = 86_400_000;

const notALeader = () =>
  new DomainError(
    'forbidden',
    'The programme view is for provider admins and the school leaders they name. Ask your provider to add you.',
  );

/** The key a note is kept under: the period's last month and its length, e.g. "2026-03/3". */
export const notePeriodKey = (choice: PeriodChoice) => `${choice.end}/${choice.months}`;

/**
 * The programme view: whether coaching is sustained, for provider admins (their institution) and
 * the leaders they name (their school's courses). It reads activity only, and shows no group of
 * fewer than five teachers (shared/domain/programme).
 */
export function createProgrammeService(deps: ProgrammeServiceDeps) {
  /** The courses a viewer's figures come from, and the schools they are grouped by. */
  async function scopeFor(
    viewer: AllowedFor<'programme.read'>,
  ): Promise<{ scope: FactScope; schools: School[]; key: string }> {
    const all = await deps.store.schools(viewer.tenant);
    if (scopeOf(viewer, 'programme.read') === 'institution') {
      return { scope: { tenant: viewer.tenant, courseKeys: null }, schools: all, key: 'tenant' };
    }
    const led = new Set(await deps.store.schoolsLedBy(viewer.tenant, viewer.userId));
    if (led.size === 0) throw notALeader();
    const schools = all.filter((school) => led.has(school.id));
    return {
      scope: { tenant: viewer.tenant, courseKeys: schools.flatMap((school) => school.courseKeys) },
      schools,
      // A leader of many schools would make a long key: their set, hashed.
      key: `schools:${createHash('sha256')
        .update([...led].sort().join('\u0000'))
        .digest('base64url')}`,
    };
  }

  /** The figures of a scope over a period: what a snapshot keeps (no viewer's note, no names of schools led). */
  async function compute(scope: FactScope, schools: School[], choice: PeriodChoice) {
    const now = deps.now();
    const period = periodOf(choice, now);
    const facts = await deps.facts.facts(scope, {
      from: period.from,
      to: period.to,
      securedFrom: new Date(period.until.getTime() - SECURED_WINDOW_WEEKS * 7 * DAY_MS),
      today: now.toISOString().slice(0, 10),
    });
    const moduleIds = [...new Set(facts.practice.map((tally) => tally.moduleId))];
    const modules = await deps.moduleTitles(scope.tenant, moduleIds);
    return {
      period: {
        months: period.months,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        weekStarts: period.weekStarts.map((start) => start.toISOString()),
      },
      summary: summariseProgramme({ ...facts, modules }, schools, period),
    };
  }

  return {
    /**
     * The view, and for kept figures past their fresh window the refresh to start once it has
     * been sent (lti-tool/programme/programme-snapshots.ts).
     */
    async view(
      viewer: AllowedFor<'programme.read'>,
      choice: PeriodChoice,
    ): Promise<{ view: ProgrammeViewResponse; refresh: (() => void) | null }> {
      const { scope, schools, key } = await scopeFor(viewer);
      const note = await deps.store.note(viewer.tenant, viewer.userId, notePeriodKey(choice));
      const { value, computedAt, refresh } = await deps.snapshots.read(
        viewer.tenant,
        `${key}|${notePeriodKey(choice)}`,
        () => compute(scope, schools, choice),
      );
      const view: ProgrammeViewResponse = {
        scope:
          scope.courseKeys === null
            ? { kind: 'tenant' }
            : { kind: 'school', names: schools.map((school) => school.name) },
        ...value,
        asOf: computedAt.toISOString(),
        note,
      };
      return { view, refresh };
    },

    /** The viewer's own note on a period: only they read it (a leader's thinking, not a record). */
    async saveNote(viewer: AllowedFor<'programme.read'>, period: string, text: string): Promise<string> {
      await scopeFor(viewer);
      const note = text.trim();
      await deps.store.putNote(viewer.tenant, viewer.userId, period, note, deps.now());
      return note;
    },

    async schools(admin: AllowedFor<'programme.manage'>): Promise<SchoolsResponse> {
      const [schools, leaders, courses] = await Promise.all([
        deps.store.schools(admin.tenant),
        deps.store.leaders(admin.tenant),
        deps.store.courses(admin.tenant),
      ]);
      return {
        schools: schools.map((school) => ({
          ...school,
          leaders: leaders
            .filter((leader) => leader.schoolId === school.id)
            .map(({ userId, name }) => ({ userId, name })),
        })),
        courses,
      };
    },

    /** Courses not of the institution are left out (the store places only its own). */
    async putSchool(admin: AllowedFor<'programme.manage'>, id: string, input: SchoolInput): Promise<void> {
      await deps.store.putSchool(admin.tenant, { id, ...input }, deps.now());
      await deps.snapshots.clear(admin.tenant);
    },

    async removeSchool(admin: AllowedFor<'programme.manage'>, id: string): Promise<void> {
      if (!(await deps.store.removeSchool(admin.tenant, id))) {
        throw new DomainError('not-found', 'There is no such school.');
      }
      await deps.snapshots.clear(admin.tenant);
    },

    async putLeader(
      admin: AllowedFor<'programme.manage'>,
      userId: string,
      input: LeaderInput,
    ): Promise<void> {
      if (!(await deps.store.putLeader(admin.tenant, { userId, ...input }, deps.now()))) {
        throw new DomainError('invalid-input', 'There is no such school: add the school first.');
      }
    },

    async removeLeader(admin: AllowedFor<'programme.manage'>, userId: string): Promise<void> {
      if (!(await deps.store.removeLeader(admin.tenant, userId))) {
        throw new DomainError('not-found', 'That person is not a leader here.');
      }
    },

    /** Participation per teacher over a period, as CSV: LMS identifiers and counts, no text. */
    async engagement(admin: AllowedFor<'programme.export'>, choice: PeriodChoice): Promise<string> {
      const period = periodOf(choice, deps.now());
      const rows = await deps.facts.engagement(
        { tenant: admin.tenant, courseKeys: null },
        { from: period.from, to: period.to },
      );
      return engagementCsv(rows, period);
    },
  };
}

export type ProgrammeService = ReturnType<typeof createProgrammeService>;
