import * as v from 'valibot';
import { ActionStepSchema } from '../domain/coaching/action-step.ts';
import { CriterionJudgementSchema } from '../domain/coaching/practice.ts';
import { IsoDateSchema } from '../domain/coaching/text.ts';
import { NextCursorSchema, PAGE_SIZES, pageOf, pageQuerySchema } from './paging.ts';

/** Every error response from the tool's API has this body. */
export const ApiErrorBodySchema = v.object({
  error: v.object({ code: v.string(), message: v.string() }),
});
export type ApiErrorBody = v.InferOutput<typeof ApiErrorBodySchema>;

/** Pairing codes look like `K7QM-2XPD`: no 0/O/1/I, case and spaces forgiven. */
export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PairingCodeSchema = v.pipe(
  v.string('Pairing code must be text'),
  v.transform((raw) => raw.toUpperCase().replace(/[\s-]/g, '')),
  v.regex(/^[A-HJ-NP-Z2-9]{8}$/, 'Pairing code is 8 letters and digits, like K7QM-2XPD'),
);

export const PairingCodeResponseSchema = v.object({ code: v.string(), expiresAt: IsoDateSchema });
export type PairingCodeResponse = v.InferOutput<typeof PairingCodeResponseSchema>;

export const PairRequestSchema = v.object({
  code: PairingCodeSchema,
  deviceLabel: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(80)), 'Browser extension'),
});
export type PairRequest = v.InferInput<typeof PairRequestSchema>;

export const PairResponseSchema = v.object({
  deviceToken: v.pipe(v.string(), v.minLength(20)),
  teacherName: v.string(),
});
export type PairResponse = v.InferOutput<typeof PairResponseSchema>;

export const RosterMemberSchema = v.object({
  userId: v.string(),
  name: v.string(),
  role: v.picklist(['teacher', 'coach']),
});
export type RosterMember = v.InferOutput<typeof RosterMemberSchema>;

/** Why the roster is only the people the tool knows: the LMS's list could not be (or was not) fetched. */
export const RosterNoticeSchema = v.object({
  code: v.picklist(['roster-address-refused', 'roster-unavailable']),
  message: v.string(),
});
export type RosterNotice = v.InferOutput<typeof RosterNoticeSchema>;

/** `?limit=&after=` of the roster. */
export const RosterQuerySchema = pageQuerySchema(PAGE_SIZES.roster);
/** The course's people, a page at a time by user id (a picker loads every page and sorts by name). */
export const RosterResponseSchema = v.object({
  members: pageOf(RosterMemberSchema, PAGE_SIZES.roster),
  notice: v.optional(RosterNoticeSchema),
  next: NextCursorSchema,
});
export type RosterResponse = v.InferOutput<typeof RosterResponseSchema>;

export const CurrentStepResponseSchema = v.object({ step: v.nullable(ActionStepSchema) });
export type CurrentStepResponse = v.InferOutput<typeof CurrentStepResponseSchema>;

/** A page's new bearer token; the old one stops working a minute later. */
export const SessionRefreshResponseSchema = v.object({
  sessionToken: v.pipe(v.string(), v.minLength(20)),
  expiresAt: IsoDateSchema,
});
export type SessionRefreshResponse = v.InferOutput<typeof SessionRefreshResponseSchema>;

/** `?limit=&after=` of the failed scores. */
export const FailedGradesQuerySchema = pageQuerySchema(PAGE_SIZES.failedGrades);
/** Scores the LMS gradebook never accepted, for the coach of that course; most recently failed first. */
export const FailedGradesResponseSchema = v.object({
  failed: pageOf(
    v.object({
      userId: v.string(),
      gradingProgress: v.string(),
      scoreGiven: v.nullable(v.number()),
      scoreMaximum: v.number(),
      attempts: v.number(),
      error: v.nullable(v.string()),
    }),
    PAGE_SIZES.failedGrades,
  ),
  next: NextCursorSchema,
});
export type FailedGradesResponse = v.InferOutput<typeof FailedGradesResponseSchema>;

/** GET /api/extension/feedback returns at most this many, newest first. */
export const MAX_RECENT_FEEDBACK = 5;

/** A coach's feedback on one of the device's teacher's practice rounds, for the side panel. */
export const CoachFeedbackItemSchema = v.object({
  roundId: v.string(),
  moduleTitle: v.string(),
  roundNumber: v.number(),
  praise: v.string(),
  probe: v.string(),
  nextStep: v.string(),
  criteria: v.array(CriterionJudgementSchema),
  successCriteria: v.array(v.string()),
  givenAt: IsoDateSchema,
});
export type CoachFeedbackItem = v.InferOutput<typeof CoachFeedbackItemSchema>;

export const CoachFeedbackResponseSchema = v.object({
  feedback: v.pipe(v.array(CoachFeedbackItemSchema), v.maxLength(MAX_RECENT_FEEDBACK)),
});
export type CoachFeedbackResponse = v.InferOutput<typeof CoachFeedbackResponseSchema>;

/** A browser the teacher paired, as their page lists it (never its token). */
export const PairedDeviceSchema = v.object({
  id: v.string(),
  label: v.string(),
  pairedAt: IsoDateSchema,
  /** When it last synced (to the hour); null if never since pairing. */
  lastUsedAt: v.nullable(IsoDateSchema),
});
export type PairedDevice = v.InferOutput<typeof PairedDeviceSchema>;

/** A teacher's paired browsers at this institution, newest first (a handful: no paging needed past 50). */
export const MAX_PAIRED_DEVICES = 50;
export const PairedDevicesResponseSchema = v.object({
  devices: v.pipe(v.array(PairedDeviceSchema), v.maxLength(MAX_PAIRED_DEVICES)),
});
export type PairedDevicesResponse = v.InferOutput<typeof PairedDevicesResponseSchema>;

/** Paths, shared so the client and server cannot drift. */
export const API = {
  pairingCodes: '/api/pairing-codes',
  /** GET: the teacher's paired browsers; DELETE `${devices}/:id`: disconnect one. */
  devices: '/api/devices',
  pair: '/api/extension/pair',
  currentDevice: '/api/extension/devices/current',
  roster: '/api/roster',
  myStep: '/api/me/step',
  sessionRefresh: '/api/session/refresh',
  failedGrades: '/api/grades/failed',
  syncPush: '/api/sync/push',
  syncPull: '/api/sync/pull',
  extensionFeedback: '/api/extension/feedback',
} as const;

/** Bodies above this are refused with 413 before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;
