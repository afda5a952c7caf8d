import { MODEL_UPLOAD_TYPES } from '../../shared/domain/coaching/model.ts';
import { AUDIO_TYPES, MAX_AUDIO_BYTES, MAX_MODEL_FILE_BYTES } from '../../shared/domain/coaching/practice.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Scope } from '../core/policy.ts';
import type { MediaPurpose } from './ports.ts';

/** What an upload is: its purpose, the types it may have and how large it may be. */
export interface UploadPolicy {
  purpose: MediaPurpose;
  types: readonly string[];
  maxBytes: number;
  /** For messages: "recording", "model file". */
  noun: string;
  /** What to do about a file over the limit. */
  whenTooLarge: string;
}

/**
 * By the upload's scope in the policy table: one's own is a rehearsal (a trainee's recording),
 * the course's a coach's model recorded in a coaching conversation (for that teacher), the
 * institution's a model file (a provider's).
 */
export function uploadPolicyFor(scope: Scope): UploadPolicy {
  if (scope === 'own') {
    return {
      purpose: 'rehearsal',
      types: AUDIO_TYPES,
      maxBytes: MAX_AUDIO_BYTES,
      noun: 'recording',
      whenTooLarge: 'record a shorter rehearsal',
    };
  }
  if (scope === 'course') {
    return {
      purpose: 'coaching',
      types: AUDIO_TYPES,
      maxBytes: MAX_AUDIO_BYTES,
      noun: 'model recording',
      whenTooLarge: 'record a shorter model',
    };
  }
  return {
    purpose: 'model',
    types: MODEL_UPLOAD_TYPES,
    maxBytes: MAX_MODEL_FILE_BYTES,
    noun: 'model file',
    whenTooLarge: 'upload a smaller file',
  };
}

/** `audio/webm;codecs=opus` → `audio/webm`, as MediaRecorder labels its output. */
export function baseContentType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** A body past the policy's limit. */
export const tooLarge = (policy: UploadPolicy) =>
  new DomainError(
    'payload-too-large',
    `The ${policy.noun} is larger than ${megabytes(policy.maxBytes)}: ${policy.whenTooLarge}.`,
  );

/** A person's uploads are full: say how much they may keep and what to do. */
export const quotaReached = (quotaBytes: number) =>
  new DomainError(
    'payload-too-large',
    `You have used all ${megabytes(quotaBytes)} of space for your uploads. Ask your coach or administrator to make room.`,
  );

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  bytes.length >= start + text.length &&
  [...text].every((char, index) => bytes[start + index] === char.charCodeAt(0));

/** The container a file's first bytes show, or null if it is none we accept. */
export function sniffContainer(
  bytes: Uint8Array,
): 'webm' | 'ogg' | 'mp4' | 'mpeg' | 'pdf' | 'png' | 'jpeg' | null {
  // EBML header; WebM says so in its DocType near the start (Matroska says "matroska").
  if (bytes[0] === 0x1a && bytes[1] === 0x45 && bytes[2] === 0xdf && bytes[3] === 0xa3) {
    const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
    return head.includes('webm') ? 'webm' : null;
  }
  if (ascii(bytes, 0, 'OggS')) return 'ogg';
  // ISO base media (MP4, M4A): a box size, then "ftyp".
  if (ascii(bytes, 4, 'ftyp')) return 'mp4';
  // MP3: an ID3 tag, or straight into an MPEG audio frame (11 sync bits).
  if (ascii(bytes, 0, 'ID3')) return 'mpeg';
  if (bytes[0] === 0xff && bytes[1] !== undefined && (bytes[1] & 0xe0) === 0xe0 && (bytes[1] & 0x06) !== 0) {
    return 'mpeg';
  }
  if (ascii(bytes, 0, '%PDF-')) return 'pdf';
  if (ascii(bytes, 0, '\x89PNG\r\n\x1a\n')) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

const CONTAINER_OF: Record<string, ReturnType<typeof sniffContainer>> = {
  'audio/webm': 'webm',
  'video/webm': 'webm',
  'audio/ogg': 'ogg',
  'audio/mp4': 'mp4',
  'video/mp4': 'mp4',
  'audio/mpeg': 'mpeg',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpeg',
};

/** True when the content really is what the Content-Type header says (by its magic bytes). */
export function contentMatchesType(bytes: Uint8Array, contentType: string): boolean {
  const expected = CONTAINER_OF[contentType];
  return expected !== undefined && expected !== null && sniffContainer(bytes) === expected;
}

/**
 * How a browser may show a stored file when asked for it directly: media and images inline;
 * anything else (PDF can carry script for some viewers) as a download.
 */
export function dispositionFor(contentType: string, id: string): string {
  const inline =
    /^(audio|video)\//.test(contentType) || contentType === 'image/png' || contentType === 'image/jpeg';
  return `${inline ? 'inline' : 'attachment'}; filename="${fileNameFor(contentType, id)}"`;
}

/** A stored file's name: its id (letters, digits, - and _) and the extension its type has. */
export function fileNameFor(contentType: string, id: string): string {
  const extension = CONTAINER_OF[contentType] ?? 'bin';
  return `${id}.${extension === 'mpeg' ? 'mp3' : extension === 'jpeg' ? 'jpg' : extension}`;
}
