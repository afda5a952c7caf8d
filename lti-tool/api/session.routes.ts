import { Router } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import { API } from '../../shared/protocol/api.ts';
import type { SessionStore } from '../core/sessions.ts';
import { successorToken } from '../core/tokens.ts';
import type { AppConfig } from '../core/config.ts';
import { asyncRoute } from '../http/async-route.ts';
import { authorize, bearer } from './auth.ts';

/** Pages hold a short-lived bearer token and swap it before it expires: no cookie is ever needed. */
export function sessionRoutes(deps: {
  sessions: Pick<SessionStore, 'refresh'>;
  config: Pick<AppConfig, 'secret'>;
}): Router {
  const router = Router();
  router.post(
    API.sessionRefresh,
    asyncRoute(async (req, res) => {
      authorize(res, 'session.refresh');
      const token = bearer(req.get('authorization')) ?? '';
      const fresh = await deps.sessions.refresh(token, successorToken(deps.config.secret, token));
      if (!fresh) {
        throw new DomainError(
          'unauthenticated',
          'This sign-in has ended (they last up to 12 hours). Open the activity again from your course.',
        );
      }
      res.setHeader('Cache-Control', 'no-store');
      res.json({ sessionToken: fresh.token, expiresAt: fresh.expiresAt.toISOString() });
    }),
  );
  return router;
}
