import { html, joinLines, pageShell, type SafeHtml } from '../http/html.ts';
import { SERVED_FILES } from '../http/web-assets.ts';
import {
  canAddActivities,
  DEMO_CLIENT_ID,
  DEMO_COURSE,
  DEMO_DEPLOYMENT_ID,
  DEMO_PEOPLE,
  DEMO_RESOURCE_LINK,
  fullName,
  type DemoPerson,
} from './people.ts';

/** The frame the demo LMS launches into; its parent (our top window) keeps platform storage. */
export const DEMO_FRAME_NAME = 'lms-frame';
export const DEMO_STORAGE_TARGET = '_parent';

/** The lti_message_hint of an "Add activities" login: the demo answers it with a deep-linking request. */
export const DEEP_LINK_HINT = 'deep-linking';

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
  /** Which launch: a resource link id (the built-in activity by default) or DEEP_LINK_HINT. */
  messageHint?: string;
  /** The activity's launch URL, when the tool gave one; else the tool's one launch URL. */
  targetLinkUri?: string | null;
}): string {
  const url = new URL('/lti/login', options.publicUrl);
  url.search = new URLSearchParams({
    iss: options.issuer,
    login_hint: options.personId,
    target_link_uri: options.targetLinkUri ?? `${options.publicUrl}/lti/launch`,
    lti_message_hint: options.messageHint ?? DEMO_RESOURCE_LINK.id,
    client_id: DEMO_CLIENT_ID,
    lti_deployment_id: DEMO_DEPLOYMENT_ID,
    ...(options.platformStorage ? { lti_storage_target: DEMO_STORAGE_TARGET } : {}),
  }).toString();
  return url.toString();
}

/**
 * What the course frame shows before the first launch, instead of an empty white box: plain
 * markup with the demo's own stylesheet (a srcdoc frame keeps this page's CSP).
 */
const FRAME_PLACEHOLDER = `<!doctype html><html lang="en"><head><title>Coaching tool</title><link rel="stylesheet" href="${SERVED_FILES.demoCss.url}"></head><body class="frame-placeholder"><p>Choose a launch above: the coaching tool opens here, as it would inside a course page.</p></body></html>`;

/** The demo's stylesheet, from the web build (web/server-rendered/demo-lms.css): no inline styles. */
const STYLE = html`<link rel="stylesheet" href="${SERVED_FILES.demoCss.url}">`;

/** The platform side of LTI platform storage; it answers only the tool's origin in our frame. */
function storageScript(publicUrl: string): SafeHtml {
  const toolOrigin = new URL(publicUrl).origin;
  return html`<script src="${SERVED_FILES.demoPlatformStorage.url}" data-tool-origin="${toolOrigin}" data-frame="${DEMO_FRAME_NAME}"></script>`;
}

/** Sizes the launch frame to the tool's page when the tool asks (lti.frameResize), as Canvas does. */
function frameResizeScript(publicUrl: string): SafeHtml {
  const toolOrigin = new URL(publicUrl).origin;
  return html`<script src="${SERVED_FILES.demoFrameResize.url}" data-tool-origin="${toolOrigin}" data-frame="${DEMO_FRAME_NAME}"></script>`;
}

/** A course activity as the page lists it: the built-in one, or one the tool added by deep linking. */
export interface CourseActivity {
  resourceLinkId: string;
  title: string;
  text: string | null;
  url: string | null;
  /** The gradebook column's maximum, when the activity has one. */
  scoreMaximum: number | null;
  builtIn: boolean;
}

/** The built-in activity keeps its original link texts ("Launch as coach (…)"); added ones name themselves. */
function launchText(person: DemoPerson, activity: CourseActivity): string {
  const who = `as ${person.label} (${fullName(person)})`;
  return activity.builtIn ? `Launch ${who}` : `Launch “${activity.title}” ${who}`;
}

function activitySection(
  activity: CourseActivity,
  options: { publicUrl: string; issuer: string; platformStorage: boolean },
): SafeHtml {
  const links = DEMO_PEOPLE.map((person) => {
    const href = loginUrl({
      ...options,
      personId: person.id,
      messageHint: activity.resourceLinkId,
      targetLinkUri: activity.url,
    });
    return html`<li><a href="${href}" target="${DEMO_FRAME_NAME}" data-person="${person.id}" data-activity="${activity.resourceLinkId}">${launchText(person, activity)}</a></li>`;
  });
  const headingId = `activity-${activity.resourceLinkId}`;
  const about = [
    activity.text && html`<p>${activity.text}</p>`,
    activity.scoreMaximum !== null &&
      html`<p>Graded: a gradebook column out of ${activity.scoreMaximum}.</p>`,
  ];
  return html`<section class="activity" aria-labelledby="${headingId}">
<h3 id="${headingId}">${activity.title}</h3>${about}
<ul class="launchers">${links}</ul></section>`;
}

export function renderDemoPage(options: {
  publicUrl: string;
  issuer: string;
  platformStorage: boolean;
  /** The built-in activity first; then the ones added by deep linking, oldest first. */
  activities: readonly CourseActivity[];
  /** A one-time message: "Added 2 activities", or the tool's reason for adding none. */
  note?: string | null;
}): string {
  const sections = joinLines(options.activities.map((activity) => activitySection(activity, options)));
  const adders = DEMO_PEOPLE.filter(canAddActivities).map((person) => {
    // The whole window, as an LMS opens its activity chooser: the tool's answer comes back here.
    const href = loginUrl({
      ...options,
      platformStorage: false,
      personId: person.id,
      messageHint: DEEP_LINK_HINT,
    });
    return html`<li><a href="${href}" data-deep-link="${person.id}">${`Add activities as ${person.label} (${fullName(person)})`}</a></li>`;
  });
  const storage = options.platformStorage
    ? html`Launches offer LTI platform storage, as Canvas does, so they work when the browser blocks
third-party cookies. <a href="?platform_storage=off">Launch without it</a> (as Moodle does).`
    : html`Launches do not offer LTI platform storage, as Moodle does. <a href="?">Offer it</a> (as Canvas does).`;
  const note = options.note && html`<p class="flash" role="status">${options.note}</p>`;
  return pageShell({
    title: 'Demo LMS',
    head: STYLE,
    body: html`<header><h1>Demo LMS: ${DEMO_COURSE.title}</h1>
<nav aria-label="Course"><a href="/demo/gradebook">Gradebook</a></nav></header>
<main>
${note}
<p class="note">A built-in LTI 1.3 platform for trying the tool without Moodle or Canvas. Each button runs the real
OIDC login, a signed id_token and the launch, into the frame below, as a course activity would.
Start as the coach to set a teacher's action step, then launch as that teacher.</p>
<p class="note">${storage}</p>
<h2>Course activities</h2>
${sections}
<iframe name="${DEMO_FRAME_NAME}" title="Coaching tool" srcdoc="${FRAME_PLACEHOLDER}" allow="microphone; clipboard-write"></iframe>
<h2>Add activities</h2>
<p class="note">Embed the tool's activities and practice modules in this course, as a coach or a provider
would in Moodle: the tool's chooser opens (LTI Deep Linking) and its picks come back here as new activities,
with a gradebook column for each graded one.</p>
<ul class="launchers">${adders}</ul>
</main>
${frameResizeScript(options.publicUrl)}
${options.platformStorage && storageScript(options.publicUrl)}`,
  });
}

/** One gradebook column: a line item, named by its activity when it belongs to one. */
export interface GradebookColumn {
  id: string;
  title: string;
  scoreMaximum: number;
}

/** The latest score as the gradebook cell shows it. */
export function scoreText(
  score: {
    scoreGiven: number | null;
    scoreMaximum: number | null;
    activityProgress: string;
    gradingProgress: string;
  } | null,
  columnMaximum: number,
): string {
  if (!score) return 'No score yet';
  const round = (value: number) => String(Math.round(value * 100) / 100);
  const grading = GRADING_WORDS[score.gradingProgress] ?? score.gradingProgress;
  if (score.scoreGiven !== null) {
    return `${round(score.scoreGiven)} / ${round(score.scoreMaximum ?? columnMaximum)}, ${grading}`;
  }
  return `${ACTIVITY_WORDS[score.activityProgress] ?? score.activityProgress}, ${grading}`;
}

/** The AGS progress values in the words a gradebook shows a teacher, not the spec's tokens. */
const GRADING_WORDS: Readonly<Record<string, string>> = {
  FullyGraded: 'graded',
  PendingManual: 'waiting for the coach',
  Pending: 'grading pending',
  Failed: 'grading failed',
  NotReady: 'not ready',
};
const ACTIVITY_WORDS: Readonly<Record<string, string>> = {
  Initialized: 'Not started',
  Started: 'Started',
  InProgress: 'In progress',
  Submitted: 'Submitted',
  Completed: 'Completed',
};

/** Activities × gradable people, with the latest score in each cell. */
export function renderGradebook(options: {
  columns: readonly GradebookColumn[];
  people: readonly DemoPerson[];
  cell(columnId: string, personId: string): string;
}): string {
  const headings = options.columns.map(
    (column) =>
      html`<th scope="col">${column.title} <span class="max">(out of ${column.scoreMaximum})</span></th>`,
  );
  const rows = options.people.map((person) => {
    const cells = options.columns.map(
      (column) =>
        html`<td data-activity="${column.title}" data-person="${person.id}">${options.cell(column.id, person.id)}</td>`,
    );
    return html`<tr><th scope="row">${fullName(person)}</th>${cells}</tr>`;
  });
  const table =
    options.columns.length === 0
      ? html`<p>No gradebook columns yet. Add a graded activity (a practice module) from the course page.</p>`
      : html`<div class="table-wrap" role="region" aria-labelledby="gradebook-caption" tabindex="0"><table>
<caption id="gradebook-caption">Latest scores</caption>
<thead><tr><th scope="col">Teacher</th>${headings}</tr></thead>
<tbody>${joinLines(rows)}</tbody></table></div>`;
  return pageShell({
    title: 'Gradebook: Demo LMS',
    head: STYLE,
    body: html`<header><h1>Gradebook: ${DEMO_COURSE.title}</h1>
<nav aria-label="Course"><a href="/demo">Back to the course</a></nav></header>
<main>
<p class="note">Scores the tool sent through LTI Assignment and Grade Services: one row per teacher, one
column per graded activity. As in Moodle, a score is kept only once it is fully graded; until then the cell
shows the activity's progress.</p>
${table}
</main>`,
  });
}

/** The OIDC form_post response: the browser carries the id_token to the tool. */
export function renderFormPost(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  return pageShell({
    title: 'Opening the tool…',
    body: html`<form method="post" action="${action}">${inputs}<noscript><button type="submit">Continue</button></noscript></form>
<script src="${SERVED_FILES.demoAutosubmit.url}"></script>`,
  });
}
