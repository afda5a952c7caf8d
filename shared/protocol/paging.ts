import * as v from 'valibot';

/**
 * Every list the API returns comes a page at a time: at most `limit` items (a default when the
 * query has none, never more than a maximum), in a stable order, with `next`: null on the last
 * page, otherwise an opaque position to send back as `?after=` for the page that follows.
 * Clients never read or build a cursor; the server refuses (400) one it did not make for that
 * list, that person and that filter. What each list's order is: docs/practice-api.md.
 */
export interface PageSize {
  /** Items in a page when the query names no `limit`. */
  readonly default: number;
  /** The largest `limit` accepted; above it is a 400. */
  readonly max: number;
}

export const PAGE_SIZES = {
  /** A trainee's rounds on one activity, newest first (a round can carry 10,000 characters of script). */
  rounds: { default: 10, max: 50 },
  /** A trainee's check-ins, newest first. */
  checkIns: { default: 20, max: 100 },
  /** A trainee's reflections, newest first. */
  reflections: { default: 10, max: 50 },
  /** A trainee's history: steps, rounds, check-ins and reflections together, newest first. */
  history: { default: 30, max: 100 },
  /** The course roster, by user id. */
  roster: { default: 200, max: 500 },
  /** The module library, by module id. */
  modules: { default: 50, max: 200 },
  /** Counts per module, by module id. */
  providerActivity: { default: 50, max: 200 },
  /** Scores the LMS refused, most recently failed first. */
  failedGrades: { default: 20, max: 100 },
  /** Rounds waiting for feedback, oldest first. */
  reviewQueue: { default: 25, max: 100 },
  /** Action-step changes since a sync cursor, in sequence order. */
  syncPull: { default: 100, max: 500 },
} as const satisfies Record<string, PageSize>;

/** Cursors are base64url; longer than this is not one the server made. */
export const MAX_CURSOR_CHARS = 512;

const NOT_A_POSITION = 'after is not a position in this list: send back the `next` of the previous page';

/** `?after=`: a page's `next`, as the server made it. */
export const PageCursorSchema = v.pipe(
  v.string(NOT_A_POSITION),
  v.nonEmpty(NOT_A_POSITION),
  v.maxLength(MAX_CURSOR_CHARS, NOT_A_POSITION),
  v.regex(/^[A-Za-z0-9_-]+$/, NOT_A_POSITION),
);

/** A page's `next`: null on the last page. */
export const NextCursorSchema = v.nullable(PageCursorSchema);
export type NextCursor = v.InferOutput<typeof NextCursorSchema>;

/** `?limit=`: a whole number from 1 to the list's maximum; absent means the list's default. */
export function limitSchema(size: PageSize) {
  const message = `limit must be a whole number from 1 to ${size.max}`;
  return v.optional(
    v.pipe(
      v.string(message),
      v.regex(/^\d{1,9}$/, message),
      v.transform(Number),
      v.minValue(1, message),
      v.maxValue(size.max, message),
    ),
    String(size.default),
  );
}

/** `?limit=&after=` of a paged list. */
export function pageQuerySchema(size: PageSize) {
  return v.object({ limit: limitSchema(size), after: v.optional(PageCursorSchema) });
}
export type PageQuery = { limit: number; after?: string | undefined };

/** An array of at most a list's maximum page, for response schemas. */
export function pageOf<S extends v.GenericSchema>(item: S, size: PageSize) {
  return v.pipe(v.array(item), v.maxLength(size.max));
}

/** `limit=…&after=…` for a client asking for a page (no `after` for the first). */
export function pageSearch(page: { limit?: number; after?: string | null }): string {
  const params = new URLSearchParams();
  if (page.limit !== undefined) params.set('limit', String(page.limit));
  if (page.after) params.set('after', page.after);
  return params.toString();
}
