import type { ConversationInput } from '../../shared/domain/coaching/cycle.ts';
import type { CoachingModule } from '../../shared/domain/coaching/module.ts';
import { html, joinLines, type SafeHtml } from '../http/html.ts';
import type { PersonalData } from './ports.ts';

/**
 * index.html of a teacher's download: everything in data.json as a page a person can read,
 * opened from the unzipped folder. Self-contained (its style inline, no scripts, nothing fetched
 * but the recordings beside it); every text from people goes through `html`, so it is escaped.
 */

/** What the page needs beyond the data: where each recording is in the folder, and module titles. */
export interface ExportPageContext {
  generatedAt: Date;
  /** Path of each recording in the download, by media id (`recordings/<id>.webm`). */
  recordingFiles: ReadonlyMap<string, string>;
  /** The modules rounds were on, by id (null: no longer available). */
  modules: ReadonlyMap<string, CoachingModule | null>;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem;color:#1b1b1b}
h1{font-size:1.6rem}h2{border-top:1px solid #ccc;padding-top:1rem;margin-top:2rem}h3{font-size:1.05rem;margin-bottom:.25rem}
article{margin-bottom:1.5rem}.muted{color:#555}dt{font-weight:600}dd{margin:0 0 .5rem}
.text{white-space:pre-wrap;overflow-wrap:anywhere}audio{display:block;width:100%;margin:.5rem 0}`;

/** "2026-12-02 23:00 UTC": the same on every machine that opens the page. */
export const formatInstant = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

const JUDGEMENT: Record<string, string> = {
  secure: 'Secure',
  'not-yet': 'Not yet',
  'not-seen': 'Not seen',
};
const OUTCOME: Record<string, string> = {
  'went-well': 'Went well',
  partly: 'Partly',
  'not-yet': 'Not yet',
  planned: 'Planned for it',
};

const text = (value: string) =>
  value ? html`<p class="text">${value}</p>` : html`<p class="muted">(empty)</p>`;
const courseLine = (course: string | null) =>
  html`<p class="muted">Course: ${course ?? '(untitled course)'}</p>`;
const list = (items: readonly (string | SafeHtml)[]) =>
  items.length === 0
    ? html`<p class="muted">None.</p>`
    : html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;

function section(id: string, heading: string, items: readonly SafeHtml[], empty: string): SafeHtml {
  return html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${heading}</h2>${
    items.length === 0 ? html`<p class="muted">${empty}</p>` : joinLines(items)
  }</section>`;
}

function judgements(criteria: readonly string[], marks: readonly (string | null)[]) {
  return list(
    marks.map(
      (mark, index) =>
        `${criteria[index] ?? `Criterion ${index + 1}`}: ${mark ? (JUDGEMENT[mark] ?? mark) : '—'}`,
    ),
  );
}

function modelOf(model: ConversationInput['model'], files: ReadonlyMap<string, string>): SafeHtml {
  if (model.kind === 'none') return html`<p class="muted">No model.</p>`;
  if (model.kind === 'module') return html`<p>From the module: ${model.title}</p>`;
  const recording = model.recording ? files.get(model.recording.mediaId) : undefined;
  return html`<p>${model.form === 'product' ? 'Product-based' : 'Performance-based'} model.</p>${text(model.description)}${
    model.recording
      ? html`<p class="muted">${recording ? 'Recorded.' : 'Recorded by the coach (not part of this download).'}</p>`
      : ''
  }`;
}

/** The whole index.html. */
export function renderExportPage(data: PersonalData, context: ExportPageContext): string {
  const criteriaOf = (moduleId: string) => [
    ...(context.modules.get(moduleId)?.actionStep.successCriteria ?? []),
  ];
  const moduleTitle = (moduleId: string) => context.modules.get(moduleId)?.title ?? moduleId;

  const courses = data.courses.map(
    (course) =>
      html`<article><h3>${course.course ?? '(untitled course)'}</h3><p>As ${course.role === 'coach' ? 'a coach' : 'a teacher'}${
        course.name ? html`, named ${course.name}` : ''
      }.</p></article>`,
  );

  const steps = data.actionSteps.map(
    (step) => html`<article><h3>${step.title}</h3>${courseLine(step.course)}<dl>
<dt>Goal</dt><dd class="text">${step.goal}</dd>
<dt>What to do</dt><dd class="text">${step.what}</dd>
<dt>Success criteria</dt><dd>${list(step.successCriteria)}</dd>
<dt>When to practise</dt><dd class="text">${step.whenToPractise}</dd>
<dt>Why it helps</dt><dd class="text">${step.why}</dd>
<dt>Status</dt><dd>${step.status}${step.securedAt ? html`, secured ${formatInstant(step.securedAt)}${step.securedByName ? html` by ${step.securedByName}` : ''}` : ''}</dd>
<dt>Set</dt><dd>${formatInstant(step.setAt)}${step.checkBackOn ? html`; check back on ${step.checkBackOn}` : ''}</dd>
</dl></article>`,
  );

  const rounds = data.practiceRounds.map((round) => {
    const criteria = criteriaOf(round.moduleId);
    const file = round.audioId ? context.recordingFiles.get(round.audioId) : undefined;
    const recording = file
      ? html`<audio controls preload="none" src="${file}"></audio><p><a href="${file}">Recording of round ${round.roundNumber}</a></p>`
      : round.audioDeletedAfterDays
        ? html`<p class="muted">Recording deleted after ${round.audioDeletedAfterDays} days.</p>`
        : html`<p class="muted">No recording.</p>`;
    const feedback = round.feedback
      ? html`<h4>Coach’s feedback</h4><p class="muted">${round.feedback.coachName ?? 'Your coach'}, ${formatInstant(round.feedback.givenAt)}</p>
<dl><dt>What went well</dt><dd class="text">${round.feedback.praise}</dd>
<dt>Question to think about</dt><dd class="text">${round.feedback.probe}</dd>
<dt>Next step</dt><dd class="text">${round.feedback.nextStep}</dd>
<dt>Success criteria, as your coach saw them</dt><dd>${judgements(criteria, round.feedback.criteria)}</dd></dl>`
      : html`<p class="muted">No feedback yet.</p>`;
    return html`<article><h3>${moduleTitle(round.moduleId)}: round ${round.roundNumber}</h3>${courseLine(round.course)}
<p class="muted">Submitted ${formatInstant(round.submittedAt)}</p>
<h4>Your script</h4>${text(round.script)}${recording}
<h4>Your self-assessment</h4>${judgements(criteria, round.selfAssessment)}${feedback}</article>`;
  });

  const observations = data.observations.map(
    ({
      record,
      at,
      course,
    }) => html`<article><h3>Observation, ${formatInstant(record.startedAt)}</h3>${courseLine(course)}
<p class="muted">Saved ${formatInstant(at)}</p>
<h4>Notes</h4>${list(record.notes.map((note) => `${formatInstant(note.at)}: ${note.text}`))}
<h4>Success criteria</h4>${list(record.criteria.map((c) => `${c.criterion}: ${JUDGEMENT[c.mark] ?? c.mark}`))}
<h4>What pupils did</h4>${text(record.pupilsDid)}</article>`,
  );

  const conversations = data.conversations.map(
    ({
      record,
      at,
      course,
    }) => html`<article><h3>Coaching conversation, ${formatInstant(at)}</h3>${courseLine(course)}
<h4>Target performance</h4>${text(record.targetPerformance)}
<h4>Praise</h4>${list(record.praise.map((p) => (p.criterion ? `${p.text} (${p.criterion})` : p.text)))}
<h4>Probing questions</h4>${list(record.probingQuestions)}
<h4>Model</h4>${modelOf(record.model, context.recordingFiles)}
<h4>Action step</h4><p>${
      record.step.decision === 'next'
        ? html`Next step set: ${record.step.step.title}`
        : 'The current step was kept.'
    }</p>
<h4>Practice in the conversation</h4>${list(record.rounds.map((r, i) => `Round ${i + 1}: ${r.feedback}`))}
<p>Check back on ${record.checkBackOn}.</p></article>`,
  );

  const checkIns = data.checkIns.map(
    (checkIn) =>
      html`<article><h3>${OUTCOME[checkIn.outcome] ?? checkIn.outcome}, ${formatInstant(checkIn.at)}</h3>${courseLine(
        checkIn.course,
      )}${checkIn.note ? text(checkIn.note) : ''}</article>`,
  );

  const reflections = data.reflections.map(
    (
      reflection,
    ) => html`<article><h3>Reflection, ${formatInstant(reflection.writtenAt)}</h3>${courseLine(reflection.course)}<dl>
<dt>What went well</dt><dd class="text">${reflection.wentWell}</dd>
<dt>What would you change?</dt><dd class="text">${reflection.change}</dd>
<dt>What will you do next?</dt><dd class="text">${reflection.next}</dd></dl></article>`,
  );

  const drafts = data.drafts.map(
    (draft) => html`<article><h3>Draft saved ${formatInstant(draft.savedAt)}</h3>${courseLine(draft.course)}
<h4>Script</h4>${text(draft.content.script)}</article>`,
  );

  const devices = data.pairedDevices.map(
    (device) =>
      html`<article><h3>${device.label}</h3><p>Paired ${formatInstant(device.pairedAt)}. ${
        device.lastUsedAt ? `Last synced ${formatInstant(device.lastUsedAt)}.` : 'Not synced yet.'
      }</p></article>`,
  );

  const recordings = data.recordings.map((media) => {
    const file = context.recordingFiles.get(media.id);
    return html`<article><h3>${file ? html`<a href="${file}">${file}</a>` : media.id}</h3><p class="muted">${media.contentType}, ${Math.ceil(
      media.size / 1024,
    )} kB, recorded ${formatInstant(media.createdAt)}.</p></article>`;
  });

  const sections: [string, string, SafeHtml[], string][] = [
    ['courses', 'Your courses', courses, 'No courses.'],
    ['steps', 'Action steps', steps, 'No action steps.'],
    ['rounds', 'Practice rounds', rounds, 'No practice rounds.'],
    ['observations', 'Observations of your lessons', observations, 'No observations.'],
    ['conversations', 'Coaching conversations', conversations, 'No coaching conversations.'],
    ['check-ins', 'Check-ins', checkIns, 'No check-ins.'],
    ['reflections', 'Reflections', reflections, 'No reflections.'],
    ['drafts', 'Drafts', drafts, 'No drafts.'],
    ['devices', 'Connected browsers', devices, 'No connected browsers.'],
    ['recordings', 'Your recordings', recordings, 'No recordings.'],
  ];
  // Not the tool's pageShell: no favicon or anything else to fetch from a folder on disk.
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your coaching data</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Your coaching data</h1>
<p>Everything the coaching tool holds about you at your institution, downloaded ${formatInstant(
    context.generatedAt.toISOString(),
  )}. The same data is in <a href="data.json">data.json</a>, for other programs; your recordings are in the recordings folder.</p>
<nav aria-label="Contents"><ul>${sections.map(([id, heading]) => html`<li><a href="#${id}">${heading}</a></li>`)}</ul></nav>
${joinLines(sections.map(([id, heading, items, empty]) => section(id, heading, items, empty)))}
</main>
</body>
</html>
`.toString();
}
