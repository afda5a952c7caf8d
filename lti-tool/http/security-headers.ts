import type { RequestHandler, Response } from 'express';

/** A CSP source we put in frame-ancestors: an origin, or `scheme://*.domain[:port]`, nothing else. */
const ANCESTOR = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:\d{1,5})?$|^https?:\/\/\[[0-9a-f:.]+\](:\d{1,5})?$/i;

/**
 * Lets the LMS that launched a page frame it. Every page is framable by the tool itself only,
 * unless its handler says who else may: a launched page its platform's origins, a refusal page
 * (no data, no actions) anyone, so an LMS can show why a launch failed.
 */
export function allowFraming(res: Response, by: readonly string[] | 'anyone'): void {
  const ancestors =
    by === 'anyone' ? '*' : ["'self'", ...by.filter((origin) => ANCESTOR.test(origin))].join(' ');
  const policy = String(res.getHeader('Content-Security-Policy') ?? '');
  const directive = `frame-ancestors ${ancestors}`;
  res.setHeader(
    'Content-Security-Policy',
    /frame-ancestors [^;]*/.test(policy)
      ? policy.replace(/frame-ancestors [^;]*/, directive)
      : [policy, directive].filter(Boolean).join('; '),
  );
}

/**
 * Scripts and styles only from our own origin, never inline (user text can therefore never
 * become script): every page's files come from the web build (web-assets.ts).
 * Framing: by our own origin and `frameAncestors` (the demo LMS), until a handler allows more.
 */
export function securityHeaders(
  options: {
    /** Other origins forms may post to, and frames may show (the demo LMS: the tool). */
    formActions?: readonly string[];
    frameSources?: readonly string[];
    /** Who may frame every page, beside the tool itself (the demo LMS, when it runs). */
    frameAncestors?: readonly string[];
  } = {},
): RequestHandler {
  return (_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        // Recordings play back from blob: URLs the page makes after an authenticated fetch.
        "media-src 'self' blob:",
        ...(options.frameSources ? [["frame-src 'self'", ...options.frameSources].join(' ')] : []),
        "connect-src 'self'",
        ["form-action 'self'", ...(options.formActions ?? [])].join(' '),
        "base-uri 'none'",
        "object-src 'none'",
        ["frame-ancestors 'self'", ...(options.frameAncestors ?? [])].join(' '),
      ].join('; '),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.removeHeader('X-Powered-By');
    next();
  };
}
