import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { ModuleIdSchema } from '../../shared/domain/coaching/module.ts';
import { IdSchema, IsoDateSchema } from '../../shared/domain/coaching/text.ts';
import { DomainError } from '../../shared/domain/errors.ts';

/**
 * The `next` of a paged list (shared/protocol/paging.ts): base64url of the JSON array
 * `[list, scope tag, ...position]`. Clients only send it back. Decoding checks that it was made
 * for this list and this scope (the same course, person, activity or search), so a cursor from
 * another list, or another person's list, is a 400 rather than a silently wrong page. It is not
 * secret: the position only ever narrows a query the caller may already run.
 */
export interface PageCursor<Position extends readonly unknown[]> {
  /** Names the list: a cursor of another list is refused. */
  readonly list: string;
  /** What one position is, checked on the way in. */
  readonly position: v.GenericSchema<unknown, Position>;
}

/** A short digest of whose list it is (ids never appear in the cursor). */
function scopeTag(scope: readonly string[]): string {
  return createHash('sha256').update(scope.join('\u0000')).digest('base64url').slice(0, 16);
}

const notAPosition = () =>
  new DomainError(
    'invalid-input',
    'Invalid input: after is not a position in this list: send back the `next` of the previous page',
  );

export function encodeCursor<Position extends readonly unknown[]>(
  cursor: PageCursor<Position>,
  scope: readonly string[],
  position: Position,
): string {
  return Buffer.from(JSON.stringify([cursor.list, scopeTag(scope), ...position])).toString('base64url');
}

/** The position in `after`, or null for the first page; a 400 for anything the server did not make for this list and scope. */
export function decodeCursor<Position extends readonly unknown[]>(
  cursor: PageCursor<Position>,
  scope: readonly string[],
  after: string | undefined,
): Position | null {
  if (after === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw notAPosition();
  }
  if (!Array.isArray(parsed) || parsed[0] !== cursor.list || parsed[1] !== scopeTag(scope)) {
    throw notAPosition();
  }
  const position = v.safeParse(cursor.position, parsed.slice(2));
  if (!position.success) throw notAPosition();
  return position.output;
}

/** The `next` of a page read with one extra row: null when nothing is past `limit`. */
export function nextOf<Item, Position extends readonly unknown[]>(
  cursor: PageCursor<Position>,
  scope: readonly string[],
  page: { items: readonly Item[]; more: boolean },
  positionOf: (item: Item) => Position,
): string | null {
  const last = page.items.at(-1);
  return page.more && last !== undefined ? encodeCursor(cursor, scope, positionOf(last)) : null;
}

/** An instant, as the database compares it (normalised to UTC milliseconds). */
export const InstantSchema = v.pipe(
  IsoDateSchema,
  v.transform((value) => new Date(value).toISOString()),
);

/** Lists ordered by an instant then an id (check-ins, reflections, the review queue). */
export const instantAndId = (list: string): PageCursor<[string, string]> => ({
  list,
  position: v.tuple([InstantSchema, IdSchema]),
});

const UserIdSchema = v.pipe(v.string(), v.nonEmpty(), v.maxLength(255));
const ModulePositionSchema = v.tuple([v.picklist(['starter', 'provider']), ModuleIdSchema]);

/**
 * The position of each paged list of the API, and the order it pages in. Keep in step with
 * docs/practice-api.md and the indexes in db/models.ts.
 */
export const CURSORS = {
  /** A trainee's rounds on an activity, by round number, newest first. */
  practiceRounds: {
    list: 'practice-rounds',
    position: v.tuple([v.pipe(v.number(), v.integer(), v.minValue(1))]),
  } satisfies PageCursor<[number]>,
  /** A trainee's check-ins (reflections) by when made (written), then id, newest first. */
  practiceCheckIns: instantAndId('practice-check-ins'),
  practiceReflections: instantAndId('practice-reflections'),
  /** A trainee's history: when, which list (step 0, round 1, check-in 2, reflection 3), id; newest first. */
  history: {
    list: 'history',
    position: v.tuple([InstantSchema, v.picklist([0, 1, 2, 3]), IdSchema]),
  } satisfies PageCursor<[string, 0 | 1 | 2 | 3, string]>,
  /** Unreviewed rounds by submission, then id, oldest first. */
  reviewQueue: instantAndId('review-queue'),
  /** The roster by user id. */
  roster: { list: 'roster', position: v.tuple([UserIdSchema]) } satisfies PageCursor<[string]>,
  /** Modules: starters by id, then the institution's own by id. */
  modules: { list: 'modules', position: ModulePositionSchema } satisfies PageCursor<
    ['starter' | 'provider', string]
  >,
  providerActivity: { list: 'provider-activity', position: ModulePositionSchema } satisfies PageCursor<
    ['starter' | 'provider', string]
  >,
  /** Failed scores by when they failed, then job id, newest first. */
  failedGrades: {
    list: 'failed-grades',
    position: v.tuple([InstantSchema, v.pipe(v.string(), v.uuid())]),
  } satisfies PageCursor<[string, string]>,
} as const;
