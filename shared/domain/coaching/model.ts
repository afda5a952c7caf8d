import * as v from 'valibot';
import { IdSchema, optionalText, requiredText } from './text.ts';

/** Types a provider may upload as a model (and a trainee may record): checked by content, not only by name. */
export const MODEL_UPLOAD_TYPES = [
  'audio/webm',
  'audio/ogg',
  'audio/mpeg',
  'audio/mp4',
  'video/mp4',
  'video/webm',
  'application/pdf',
  'image/png',
  'image/jpeg',
] as const;

/**
 * A model of the target performance. Product-based: a script or exemplar the trainee reads.
 * Performance-based: a video or audio at a URL, or a file uploaded to the tool.
 */
export const ModelSchema = v.variant('kind', [
  v.object({
    kind: v.literal('product'),
    title: optionalText('Model title', 120),
    text: requiredText('Model text', 5000),
  }),
  v.object({
    kind: v.literal('performance'),
    title: optionalText('Model title', 120),
    mediaUrl: v.pipe(
      v.string('Model media must be a URL'),
      v.url('Model media must be a URL'),
      v.startsWith('https://', 'Model media must be an https:// address'),
    ),
    notes: optionalText('Model notes', 2000),
  }),
  v.object({
    kind: v.literal('upload'),
    title: optionalText('Model title', 120),
    mediaId: IdSchema,
    fileName: requiredText('File name', 200),
    contentType: v.picklist(MODEL_UPLOAD_TYPES, 'This type of file cannot be used as a model'),
    notes: optionalText('Model notes', 2000),
  }),
]);
export type Model = v.InferOutput<typeof ModelSchema>;
