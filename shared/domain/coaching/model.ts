import * as v from 'valibot';
import { optionalText, requiredText } from './text.ts';

/** A model of the target performance: written (script, plan) or performed (video, audio, live). */
export const ModelSchema = v.variant('kind', [
  v.object({
    kind: v.literal('product'),
    text: requiredText('Model text', 5000),
  }),
  v.object({
    kind: v.literal('performance'),
    mediaUrl: v.pipe(v.string(), v.url('Model media must be a URL'), v.startsWith('https://')),
    notes: optionalText('Model notes', 2000),
  }),
]);
export type Model = v.InferOutput<typeof ModelSchema>;
