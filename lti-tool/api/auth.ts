import type { RequestHandler, Response } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize as authorizePrincipal, type Action, type AllowedFor } from '../core/policy.ts';
import type { DeviceStore } from '../core/devices.ts';
import type { Principal } from '../core/principal.ts';
import type { SessionStore } from '../core/sessions.ts';

/** Where bearer tokens are looked up: page sessions and paired extensions. */
export interface Credentials {
  sessions: Pick<SessionStore, 'find'>;
  devices: Pick<DeviceStore, 'find'>;
}

/** The bearer token of a request, if it has a well-formed one. */
export function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * Whether a path is one of `publicPaths`: an exact path, or `/prefix/*` for the prefix and
 * everything under it. As Express routes: any case, and one trailing slash or none.
 */
export function publicPathMatcher(publicPaths: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const path of publicPaths) {
    if (path.endsWith('/*')) prefixes.push(path.slice(0, -2).toLowerCase());
    else exact.add(path.toLowerCase());
  }
  return (path) => {
    const lower = path.toLowerCase();
    const trimmed = lower.length > 1 && lower.endsWith('/') ? lower.slice(0, -1) : lower;
    return (
      exact.has(trimmed) || prefixes.some((prefix) => trimmed === prefix || lower.startsWith(`${prefix}/`))
    );
  };
}

function decodable(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** As Express says of a path it cannot decode (http/error-handler.ts answers it 400). */
const malformed = () => Object.assign(new URIError('Failed to decode the path'), { status: 400 });

/**
 * The one gate: a request to a public path passes as it is; any other needs an LTI page
 * session (`ses_…`) or an extension device token (`dev_…`), or it is answered 401. An address
 * that cannot be decoded is malformed whoever asks (400). Routes then read the caller with
 * `authorize` (or `principalOf`).
 */
export function requirePrincipal(credentials: Credentials, publicPaths: readonly string[]): RequestHandler {
  const isPublic = publicPathMatcher(publicPaths);
  const authenticate = asyncRoute(async (req, res, next) => {
    const token = bearer(req.get('authorization'));
    const principal = token?.startsWith('ses_')
      ? await credentials.sessions.find(token)
      : token?.startsWith('dev_')
        ? await credentials.devices.find(token)
        : null;
    if (!principal) {
      throw new DomainError(
        'unauthenticated',
        token ? 'This sign-in has expired or was revoked.' : 'Sign in through your course first.',
      );
    }
    res.locals.principal = principal;
    next();
  });
  return (req, res, next) => {
    if (isPublic(req.path)) next();
    else if (!decodable(req.path)) next(malformed());
    else authenticate(req, res, next);
  };
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The caller, if the policy table (core/policy.ts) lets them do `action`; otherwise 403. */
export function authorize<A extends Action>(res: Response, action: A): AllowedFor<A> {
  return authorizePrincipal(principalOf(res), action);
}
