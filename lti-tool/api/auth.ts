import type { RequestHandler, Response } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import type { Database } from '../db/database.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize as authorizePrincipal, type Action, type AllowedFor } from '../core/policy.ts';
import type { Principal } from '../core/principal.ts';

/** The bearer token of a request, if it has a well-formed one. */
export function bearer(header: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Accepts an LTI page session (`ses_…`) or an extension device token (`dev_…`). */
export function authenticate(db: Database): RequestHandler {
  return asyncRoute(async (req, res, next) => {
    const token = bearer(req.get('authorization'));
    const principal = token?.startsWith('ses_')
      ? await db.sessions.find(token)
      : token?.startsWith('dev_')
        ? await db.devices.find(token)
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
}

export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** The caller, if the policy table (core/policy.ts) lets them do `action`; otherwise 403. */
export function authorize<A extends Action>(res: Response, action: A): AllowedFor<A> {
  return authorizePrincipal(principalOf(res), action);
}
