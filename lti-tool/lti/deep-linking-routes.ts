import { randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import * as v from 'valibot';
import { findActivity, type Activity } from '../activities/catalogue.ts';
import type { DeepLinkRequestRepository } from '../db/repositories/deep-link-requests.ts';
import { asyncRoute } from '../server/async-route.ts';
import { escapeHtml, messagePage, pageShell } from '../server/html.ts';
import { contentItemFor, deepLinkingResponse, type DeepLinkingRequest } from './deep-linking.ts';

const PickSchema = v.object({
  request: v.pipe(v.string(), v.regex(/^dlr_[A-Za-z0-9_-]{20,100}$/)),
  action: v.picklist(['add', 'cancel']),
  activity: v.optional(v.union([v.string(), v.array(v.string())])),
});

export interface DeepLinkingDeps {
  publicUrl: string;
  requests: DeepLinkRequestRepository;
  catalogue: readonly Activity[];
  sign(platform: { issuer: string; clientId: string }, payload: Record<string, unknown>): Promise<string>;
}

/** The instructor's picker: plain HTML, keyboard- and screen-reader-friendly, no script needed. */
export function renderPicker(
  token: string,
  request: DeepLinkingRequest,
  catalogue: readonly Activity[],
): string {
  const type = request.settings.acceptMultiple ? 'checkbox' : 'radio';
  const choices = catalogue
    .map(
      (
        activity,
      ) => `<div class="choice"><input type="${type}" id="activity-${escapeHtml(activity.id)}" name="activity" value="${escapeHtml(activity.id)}">
<label for="activity-${escapeHtml(activity.id)}"><strong>${escapeHtml(activity.title)}</strong>: ${escapeHtml(activity.description)}</label></div>`,
    )
    .join('\n');
  return pageShell({
    title: 'Add a coaching activity',
    body: `<main><h1>Add a coaching activity</h1>
<form method="post" action="/lti/deep-linking/respond">
<input type="hidden" name="request" value="${escapeHtml(token)}">
<fieldset><legend>Choose ${request.settings.acceptMultiple ? 'one or more activities' : 'an activity'}</legend>
${choices}
</fieldset>
<p><button type="submit" name="action" value="add">Add to course</button>
<button type="submit" name="action" value="cancel">Cancel</button></p>
</form></main>`,
  });
}

function sendToPlatform(res: Response, returnUrl: string, jwt: string): void {
  // This one page may post to the platform: the global CSP allows only our own origin.
  res.setHeader(
    'Content-Security-Policy',
    `default-src 'self'; script-src 'self'; form-action 'self' ${new URL(returnUrl).origin}; frame-ancestors *; base-uri 'none'`,
  );
  res.setHeader('Cache-Control', 'no-store');
  res.send(
    pageShell({
      title: 'Returning to your course…',
      body: `<main><h1>Returning to your course…</h1>
<form method="post" action="${escapeHtml(returnUrl)}"><input type="hidden" name="JWT" value="${escapeHtml(jwt)}">
<button type="submit">Continue</button></form></main>
<script src="/lti/autosubmit.js"></script>`,
    }),
  );
}

/** Receives the pick and answers the platform with a signed LtiDeepLinkingResponse. */
export function deepLinkingRoutes(deps: DeepLinkingDeps): Router {
  const router = Router();
  router.use('/deep-linking', express.urlencoded({ extended: false, limit: '16kb' }));

  router.get('/autosubmit.js', (_req, res) => {
    res.type('application/javascript').send('document.forms[0].submit();\n');
  });

  router.post(
    '/deep-linking/respond',
    asyncRoute(async (req, res) => {
      const pick = v.safeParse(PickSchema, req.body);
      const request = pick.success ? await deps.requests.take(pick.output.request) : null;
      if (!pick.success || !request) {
        res.status(400).send(
          messagePage({
            title: 'This selection has expired',
            lines: ['Start adding the activity again from your course.'],
          }),
        );
        return;
      }
      const chosen = [pick.output.activity ?? []].flat();
      const activities = chosen
        .map((id) => findActivity(id, deps.catalogue))
        .filter((a): a is Activity => !!a);
      const nonce = randomBytes(16).toString('base64url');
      let outcome: { items: Record<string, unknown>[] } | { error: string };
      if (pick.output.action === 'cancel')
        outcome = { error: 'The instructor cancelled adding an activity.' };
      else if (activities.length === 0 || activities.length !== chosen.length)
        outcome = { error: 'No activity was chosen.' };
      else if (!request.settings.acceptTypes.includes('ltiResourceLink')) {
        outcome = { error: 'This platform does not accept LTI resource links here.' };
      } else {
        const items = activities.map((activity) => contentItemFor(activity, `${deps.publicUrl}/lti/launch`));
        outcome = { items: request.settings.acceptMultiple ? items : items.slice(0, 1) };
      }
      const payload = deepLinkingResponse(request, outcome, nonce);
      const jwt = await deps.sign(request, {
        ...payload,
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 300,
      });
      sendToPlatform(res, request.settings.returnUrl, jwt);
    }),
  );

  return router;
}
