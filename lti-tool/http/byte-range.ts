import type { ByteRange } from '../media/ports.ts';

/**
 * One range of an HTTP `Range: bytes=…` header against a file of `size` bytes (RFC 9110 14.1.2):
 * `a-b`, `a-` or `-n` (the last n). null: serve it all (no header, another unit, several ranges,
 * or a form this does not read); 'unsatisfiable': a range wholly past the end (answered 416).
 */
export function rangeOf(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, from, to] = match;
  if (from === '') {
    const last = Number(to);
    if (last === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - last), end: size - 1 };
  }
  const start = Number(from);
  const end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
