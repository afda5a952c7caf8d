import * as v from 'valibot';
import { ConversationInputSchema } from '../domain/coaching/cycle.ts';
import { CriterionJudgementSchema, FeedbackSchema } from '../domain/coaching/practice.ts';
import { IdSchema, IsoDateSchema, requiredText } from '../domain/coaching/text.ts';

/**
 * Sharing (README "The programme view", docs/privacy.md): a teacher shares one practice round or
 * the record of one coaching conversation with a named person at their institution, and may
 * revoke it; that person sees that item, the teacher's name and when it was shared, nothing else.
 */
export const SHARING_API = {
  /** POST: share an item; GET: the caller's own shares, active and revoked. */
  shares: '/api/shares',
  /** DELETE: revoke one of the caller's shares. */
  share: (id: string) => `/api/shares/${encodeURIComponent(id)}`,
  /** GET: what is shared with the caller at this institution, with its content. */
  sharedWithMe: '/api/shared-with-me',
} as const;

export const ShareKindSchema = v.picklist(['round', 'conversation'], 'Share a round or a conversation');
export type ShareKind = v.InferOutput<typeof ShareKindSchema>;

/** An LMS user id (the launch's `sub`): any text of 1–255 characters (LTI core 1.3 §5.1.2). */
export const RecipientIdSchema = v.pipe(
  v.string('The LMS user id must be text'),
  v.trim(),
  v.nonEmpty('Enter the LMS user id of the person to share with'),
  v.maxLength(255, 'An LMS user id is at most 255 characters'),
);

export const ShareInputSchema = v.object({
  /** Made by the page, so a retry does not share twice; the server makes one without it. */
  id: v.optional(IdSchema),
  kind: ShareKindSchema,
  itemId: IdSchema,
  recipientId: RecipientIdSchema,
  /** What the teacher calls them, for their own list. */
  recipientName: requiredText('Their name', 120),
});
export type ShareInput = v.InferInput<typeof ShareInputSchema>;

/** One of the teacher's shares, as their own list shows it. */
export const ShareSchema = v.object({
  id: IdSchema,
  kind: ShareKindSchema,
  itemId: v.string(),
  recipientId: v.string(),
  recipientName: v.string(),
  createdAt: IsoDateSchema,
  revokedAt: v.nullable(IsoDateSchema),
});
export type Share = v.InferOutput<typeof ShareSchema>;

export const ShareResponseSchema = v.object({ share: ShareSchema });
export const SharesResponseSchema = v.object({ shares: v.array(ShareSchema) });

/** A shared round: its module, number, script, self-assessment and the coach's feedback if given. No recording. */
export const SharedRoundSchema = v.object({
  moduleTitle: v.nullable(v.string()),
  successCriteria: v.array(v.string()),
  roundNumber: v.number(),
  script: v.string(),
  selfAssessment: v.array(CriterionJudgementSchema),
  submittedAt: IsoDateSchema,
  feedback: v.nullable(FeedbackSchema),
});
export type SharedRound = v.InferOutput<typeof SharedRoundSchema>;

/**
 * A shared conversation's record as stored, without ids and without the coach's model recording
 * (`recorded` says there was one): recordings are not shared.
 */
export const SharedConversationSchema = v.object({
  heldAt: IsoDateSchema,
  record: v.object({
    ...v.omit(ConversationInputSchema, ['teacherId', 'observationId', 'model']).entries,
    model: v.variant('kind', [
      v.object({ kind: v.literal('none') }),
      v.object({ kind: v.literal('module'), moduleId: v.string(), title: v.string() }),
      v.object({
        kind: v.literal('own'),
        form: v.picklist(['product', 'performance']),
        description: v.string(),
        recorded: v.boolean(),
      }),
    ]),
  }),
});
export type SharedConversation = v.InferOutput<typeof SharedConversationSchema>;

const shared = { id: IdSchema, ownerName: v.string(), sharedAt: IsoDateSchema };
export const SharedItemSchema = v.variant('kind', [
  v.object({ ...shared, kind: v.literal('round'), round: SharedRoundSchema }),
  v.object({ ...shared, kind: v.literal('conversation'), conversation: SharedConversationSchema }),
]);
export type SharedItem = v.InferOutput<typeof SharedItemSchema>;

export const SharedWithMeResponseSchema = v.object({ items: v.array(SharedItemSchema) });
export type SharedWithMeResponse = v.InferOutput<typeof SharedWithMeResponseSchema>;
