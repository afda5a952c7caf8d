export interface S3Location {
  bucket: string;
  /** Where under the bucket ('' or ending in '/'). */
  prefix: string;
}

/** `s3://bucket/some/prefix` → bucket and prefix; null for anything else. */
export function s3LocationOf(url: string): S3Location | null {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (!match) return null;
  const prefix = (match[2] ?? '').replace(/^\/+|\/+$/g, '');
  return { bucket: match[1]!, prefix: prefix ? `${prefix}/` : '' };
}
