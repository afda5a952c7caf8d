import * as v from 'valibot';
import { IsoDateSchema } from '../domain/coaching/text.ts';

/** Data rights (docs/privacy.md): a teacher's download of their own data, a provider admin's erasure request. */
export const PRIVACY_API = {
  /** GET: a ZIP of everything the tool holds about the caller at their institution. */
  myData: '/api/me/data-export',
  /** POST: ask the operator to erase someone at the caller's institution. */
  erasureRequests: '/api/provider/erasure-requests',
} as const;

/** The person by their LMS user id (the launch's `sub`), and the admin's confirmation that it is for good. */
export const ErasureRequestBodySchema = v.object({
  userId: v.pipe(
    v.string('The LMS user id must be text'),
    v.trim(),
    v.nonEmpty('Enter the LMS user id of the person to erase'),
    v.maxLength(255, 'An LMS user id is at most 255 characters'),
  ),
  confirm: v.literal(true, 'Confirm that everything about this person is to be erased for good'),
});
export type ErasureRequestBody = v.InferInput<typeof ErasureRequestBodySchema>;

/** The request as recorded: the operator runs it by this id. The person's id is not repeated. */
export const ErasureRequestResponseSchema = v.object({
  request: v.object({ id: v.string(), requestedAt: IsoDateSchema }),
});
export type ErasureRequestResponse = v.InferOutput<typeof ErasureRequestResponseSchema>;
