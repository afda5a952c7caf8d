import type { RequestHandler } from 'express';

/**
 * Our pages run inside LMS iframes, so framing is allowed; scripts only from our
 * own origin, never inline (user text can therefore never become script).
 */
export function securityHeaders(
  options: {
    inlineStyles?: boolean;
    /** Other origins forms may post to, and frames may show (the demo LMS: the tool). */
    formActions?: readonly string[];
    frameSources?: readonly string[];
  } = {},
): RequestHandler {
  return (_req, res, next) => {
    res.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        options.inlineStyles ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
        "img-src 'self' data:",
        // Recordings play back from blob: URLs the page makes after an authenticated fetch.
        "media-src 'self' blob:",
        ...(options.frameSources ? [["frame-src 'self'", ...options.frameSources].join(' ')] : []),
        "connect-src 'self'",
        ["form-action 'self'", ...(options.formActions ?? [])].join(' '),
        "base-uri 'none'",
        "object-src 'none'",
        'frame-ancestors *',
      ].join('; '),
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    res.removeHeader('X-Powered-By');
    next();
  };
}
