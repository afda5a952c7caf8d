import { escapeHtml, pageShell } from '../server/html.ts';
import {
  DEMO_CLIENT_ID,
  DEMO_COURSE,
  DEMO_DEPLOYMENT_ID,
  DEMO_PEOPLE,
  DEMO_RESOURCE_LINK,
} from './people.ts';

/** The frame the demo LMS launches into; its parent (our top window) keeps platform storage. */
export const DEMO_FRAME_NAME = 'lms-frame';
export const DEMO_STORAGE_TARGET = '_parent';

/**
 * Third-party-initiated login URL, exactly as an LMS would build it for the tool's login endpoint.
 * Absolute: the demo page may be on another site than the tool (DEMO_LMS_URL).
 */
export function loginUrl(options: {
  publicUrl: string;
  issuer: string;
  personId: string;
  /** Offer LTI platform storage, as Canvas does; Moodle does not. */
  platformStorage: boolean;
}): string {
  const url = new URL('/lti/login', options.publicUrl);
  url.search = new URLSearchParams({
    iss: options.issuer,
    login_hint: options.personId,
    target_link_uri: `${options.publicUrl}/lti/launch`,
    lti_message_hint: DEMO_RESOURCE_LINK.id,
    client_id: DEMO_CLIENT_ID,
    lti_deployment_id: DEMO_DEPLOYMENT_ID,
    ...(options.platformStorage ? { lti_storage_target: DEMO_STORAGE_TARGET } : {}),
  }).toString();
  return url.toString();
}

const STYLE = `<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f4f5f7; }
  header { background: #23395d; color: #fff; padding: 0.75rem 1rem; }
  header h1 { margin: 0; font-size: 1.25rem; }
  main { padding: 1rem; max-width: 1100px; margin: 0 auto; }
  .launchers { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: 0.5rem 0 1rem; padding: 0; list-style: none; }
  .launchers a { display: inline-block; padding: 0.5rem 0.9rem; border-radius: 6px; background: #fff; color: #1a3d7c;
    border: 2px solid #1a3d7c; text-decoration: none; font-weight: 600; }
  .launchers a:focus-visible, .launchers a:hover { background: #1a3d7c; color: #fff; }
  iframe { width: 100%; height: 720px; border: 1px solid #8a8f98; background: #fff; border-radius: 6px; }
  .note { color: #3b3f45; max-width: 70ch; }
</style>`;

/** The platform side of LTI platform storage; it answers only the tool's origin in our frame. */
function storageScript(publicUrl: string): string {
  const toolOrigin = escapeHtml(new URL(publicUrl).origin);
  return `<script src="/demo/platform-storage.js" data-tool-origin="${toolOrigin}" data-frame="${DEMO_FRAME_NAME}"></script>`;
}

export function renderDemoPage(options: {
  publicUrl: string;
  issuer: string;
  platformStorage: boolean;
}): string {
  const links = DEMO_PEOPLE.map((person) => {
    const href = loginUrl({ ...options, personId: person.id });
    const text =
      person.label === 'coach'
        ? `Launch as coach (${person.givenName} ${person.familyName})`
        : `Launch as teacher (${person.givenName} ${person.familyName})`;
    return `<li><a href="${escapeHtml(href)}" target="${DEMO_FRAME_NAME}" data-person="${escapeHtml(person.id)}">${escapeHtml(text)}</a></li>`;
  }).join('');
  const storage = options.platformStorage
    ? `Launches offer LTI platform storage, as Canvas does, so they work when the browser blocks
third-party cookies. <a href="?platform_storage=off">Launch without it</a> (as Moodle does).`
    : `Launches do not offer LTI platform storage, as Moodle does. <a href="?">Offer it</a> (as Canvas does).`;
  return pageShell({
    title: 'Demo LMS',
    head: STYLE,
    body: `<header><h1>Demo LMS: ${escapeHtml(DEMO_COURSE.title)}</h1></header>
<main>
<p class="note">A built-in LTI 1.3 platform for trying the tool without Moodle or Canvas. Each button runs the real
OIDC login, a signed id_token and the launch, into the frame below, as a course activity would.
Start as the coach to set a teacher's action step, then launch as that teacher.</p>
<p class="note">${storage}</p>
<h2>Course activity: ${escapeHtml(DEMO_RESOURCE_LINK.title)}</h2>
<ul class="launchers">${links}</ul>
<iframe name="${DEMO_FRAME_NAME}" title="Coaching tool" src="about:blank"></iframe>
</main>
${options.platformStorage ? storageScript(options.publicUrl) : ''}`,
  });
}

/** The OIDC form_post response: the browser carries the id_token to the tool. */
export function renderFormPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  return pageShell({
    title: 'Opening the tool…',
    body: `<form method="post" action="${escapeHtml(action)}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script src="/demo/autosubmit.js"></script>`,
  });
}
