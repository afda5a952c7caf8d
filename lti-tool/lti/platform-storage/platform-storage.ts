import { createHmac, timingSafeEqual } from 'node:crypto';
import { html, jsonScript, pageShell, type SafeHtml } from '../../http/html.ts';
import { SERVED_FILES } from '../../http/web-assets.ts';
import { STORAGE_ELEMENT_IDS, type StorageStep } from './platform-storage-protocol.ts';
export const LAUNCH_COMPLETE_PATH = '/lti/launch/complete';
const STORAGE_TARGET_PARAM = 'lti_storage_target';

/** The platform-storage key for one login: one key per state, so parallel launches never collide. */
export const storageKeyFor = (state: string): string => `lti_state_${state}`;

/**
 * The value the browser stores in the platform at login and must show back at launch. It is
 * bound to the state by our secret, so it is never stored by us and never travels in a URL.
 */
export function storageValueFor(secret: string, state: string): string {
  return createHmac('sha256', secret).update(`lti-platform-storage\n${state}`).digest('base64url');
}

export function storageValueMatches(secret: string, state: string, candidate: string): boolean {
  const expected = Buffer.from(storageValueFor(secret, state));
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The stored login parameters say whether the platform offered storage, and how to start the
 * launch again in a new window. That window has no platform frame, so its login leaves
 * `lti_storage_target` out and uses the (then first-party) cookie.
 */
export function loginParamsOf(relaunchQuery: string): { storageTarget: string | null; relaunchUrl: string } {
  const params = new URLSearchParams(relaunchQuery);
  const storageTarget = params.get(STORAGE_TARGET_PARAM);
  params.delete(STORAGE_TARGET_PARAM);
  return { storageTarget, relaunchUrl: `/lti/login?${params.toString()}` };
}

function interstitial(step: StorageStep, relaunchUrl: string, extra?: SafeHtml): string {
  const ids = STORAGE_ELEMENT_IDS;
  return pageShell({
    title: 'Opening the tool…',
    body: html`<main>
<section id="${ids.progress}"><h1>Opening the tool…</h1><p>Checking this launch with your learning platform.</p></section>
<section id="${ids.fallback}" hidden>
<h1>Your browser blocked this launch inside the course page</h1>
<p>Your learning platform did not confirm the launch. Open the activity in a new window to continue; nothing else is needed.</p>
<p><a href="${relaunchUrl}" target="_blank" rel="noopener">Open in a new window</a></p>
<p class="reference">Reference: <code>platform-storage-unavailable</code></p>
</section>
<noscript><p>This launch needs JavaScript. Turn it on, then open the activity again from your course.</p></noscript>
${extra}</main>
${jsonScript(ids.step, step)}
<script src="${SERVED_FILES.platformStorage.url}"></script>`,
  });
}

/** Login: store the value in the platform, then continue to its auth URL (instead of a 302 with a cookie). */
export function renderStoreStatePage(options: {
  target: string;
  platformOrigin: string;
  state: string;
  value: string;
  authUrl: string;
  relaunchUrl: string;
}): string {
  return interstitial(
    {
      action: 'put',
      target: options.target,
      origin: options.platformOrigin,
      key: storageKeyFor(options.state),
      value: options.value,
      next: options.authUrl,
      withCookie: options.relaunchUrl,
    },
    options.relaunchUrl,
  );
}

/**
 * Launch: read the value back from the platform and post it, with the id_token and state, to
 * the completion endpoint. The id_token stays in the form body, never in a URL.
 */
export function renderFetchStatePage(options: {
  target: string;
  platformOrigin: string;
  state: string;
  idToken: string;
  relaunchUrl: string;
}): string {
  const form = html`<form id="${STORAGE_ELEMENT_IDS.completeForm}" method="post" action="${LAUNCH_COMPLETE_PATH}">
<input type="hidden" name="id_token" value="${options.idToken}">
<input type="hidden" name="state" value="${options.state}">
</form>\n`;
  return interstitial(
    {
      action: 'get',
      target: options.target,
      origin: options.platformOrigin,
      key: storageKeyFor(options.state),
    },
    options.relaunchUrl,
    form,
  );
}
