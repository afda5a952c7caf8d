import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as v from 'valibot';
import type { Logger } from '../core/logger.ts';

/** Kept in DATA_DIR beside the demo's key, so `npm start` restarts keep the course as it was. */
export const DEMO_DATA_FILE = 'demo-lms.json';

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const ActivitySchema = v.object({
  resourceLinkId: text(255),
  title: text(255),
  text: v.nullable(text(4000)),
  /** The launch URL the tool gave; null means the tool's one launch URL. */
  url: v.nullable(text(2000)),
  custom: v.record(v.string(), v.string()),
  lineItemId: v.nullable(v.string()),
  addedBy: v.string(),
  addedAt: v.string(),
});
export type DemoActivity = v.InferOutput<typeof ActivitySchema>;

const LineItemSchema = v.object({
  id: v.string(),
  label: text(255),
  scoreMaximum: v.number(),
  resourceId: v.nullable(text(255)),
  resourceLinkId: v.nullable(text(255)),
  tag: v.nullable(text(255)),
});
export type DemoLineItem = v.InferOutput<typeof LineItemSchema>;

const ScoreSchema = v.object({
  lineItemId: v.string(),
  userId: v.string(),
  /** Null when the LMS kept no grade (Moodle keeps none before FullyGraded). */
  scoreGiven: v.nullable(v.number()),
  scoreMaximum: v.nullable(v.number()),
  activityProgress: v.string(),
  gradingProgress: v.string(),
  timestamp: v.string(),
  comment: v.nullable(v.string()),
});
export type DemoScore = v.InferOutput<typeof ScoreSchema>;

const CourseFileSchema = v.object({
  version: v.literal(1),
  nextId: v.pipe(v.number(), v.integer(), v.minValue(1)),
  activities: v.array(ActivitySchema),
  lineItems: v.array(LineItemSchema),
  /** The latest score per (line item, user). */
  scores: v.array(ScoreSchema),
});
type CourseFile = v.InferOutput<typeof CourseFileSchema>;

export type NewActivity = Omit<DemoActivity, 'resourceLinkId' | 'lineItemId' | 'addedAt' | 'addedBy'> & {
  lineItem: Pick<DemoLineItem, 'label' | 'scoreMaximum' | 'resourceId' | 'tag'> | null;
};

const emptyCourse = (): CourseFile => ({ version: 1, nextId: 1, activities: [], lineItems: [], scores: [] });

/** Reads the saved course; a missing file is a new course, an unreadable one is logged and set aside. */
function load(file: string, logger: Logger): CourseFile {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      logger.error('demo LMS: could not read its course file; starting empty', { file, error });
    }
    return emptyCourse();
  }
  let problem: string;
  try {
    const parsed = v.safeParse(CourseFileSchema, JSON.parse(raw));
    if (parsed.success) return parsed.output;
    problem = parsed.issues.map((issue) => `${v.getDotPath(issue) ?? '(file)'}: ${issue.message}`).join('; ');
  } catch (error) {
    problem = (error as Error).message;
  }
  // Kept aside, not overwritten by the next save: someone may want to look at it.
  const aside = `${file}.corrupt`;
  try {
    renameSync(file, aside);
  } catch {
    // Nothing more to do: the next save replaces it.
  }
  logger.error('demo LMS: its course file is not valid; starting empty', { file, aside, problem });
  return emptyCourse();
}

/**
 * The demo course's activities and gradebook, in memory and (with a data folder) in one JSON
 * file, written atomically (temporary file, then rename) after every change.
 */
export function openDemoCourse(options: { dataDir: string | null; logger: Logger; now?: () => Date }) {
  const now = options.now ?? (() => new Date());
  const file = options.dataDir ? path.join(options.dataDir, DEMO_DATA_FILE) : null;
  const state = file ? load(file, options.logger) : emptyCourse();
  let writing: Promise<void> = Promise.resolve();

  async function writeNow(target: string): Promise<void> {
    const temporary = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(state, null, 2), { mode: 0o600 });
      await rename(temporary, target);
    } catch (error) {
      options.logger.error('demo LMS: could not save its course file', { file: target, error });
    }
  }

  /** One write at a time, each of the state as it is when it runs; resolves once it is on disk. */
  function save(): Promise<void> {
    if (!file) return Promise.resolve();
    writing = writing.then(() => writeNow(file));
    return writing;
  }

  const nextId = () => String(state.nextId++);

  return {
    get activities(): readonly DemoActivity[] {
      return state.activities;
    },
    get lineItems(): readonly DemoLineItem[] {
      return state.lineItems;
    },

    activity: (resourceLinkId: string) => state.activities.find((a) => a.resourceLinkId === resourceLinkId),
    lineItem: (id: string) => state.lineItems.find((item) => item.id === id),
    score: (lineItemId: string, userId: string) =>
      state.scores.find((s) => s.lineItemId === lineItemId && s.userId === userId),
    scoresFor: (lineItemId: string) => state.scores.filter((s) => s.lineItemId === lineItemId),

    /** Adds the tool's picks as course activities; each line item becomes a gradebook column. */
    async addActivities(items: readonly NewActivity[], addedBy: string): Promise<DemoActivity[]> {
      const added = items.map(({ lineItem, ...item }) => {
        const resourceLinkId = `demo-link-${nextId()}`;
        const column = lineItem ? { id: nextId(), ...lineItem, resourceLinkId } : null;
        if (column) state.lineItems.push(column);
        const activity = {
          ...item,
          resourceLinkId,
          lineItemId: column?.id ?? null,
          addedBy,
          addedAt: now().toISOString(),
        };
        state.activities.push(activity);
        return activity;
      });
      await save();
      return added;
    },

    async addLineItem(item: Omit<DemoLineItem, 'id'>): Promise<DemoLineItem> {
      const created = { id: nextId(), ...item };
      state.lineItems.push(created);
      await save();
      return created;
    },

    /** Keeps this as the user's score on the line item (the gradebook's rules were applied before). */
    async recordScore(score: DemoScore): Promise<void> {
      const index = state.scores.findIndex(
        (s) => s.lineItemId === score.lineItemId && s.userId === score.userId,
      );
      if (index >= 0) state.scores[index] = score;
      else state.scores.push(score);
      await save();
    },
  };
}
export type DemoCourse = ReturnType<typeof openDemoCourse>;
