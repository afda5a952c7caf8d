/**
 * Browser script of the platform-storage interstitial pages (bundled and served as
 * /lti/platform-storage.js; the pages carry no inline script). Login: store the state-bound
 * value in the platform, then go to its auth URL. Launch: read it back and post it with the
 * id_token. If the platform does not answer, show the "Open in a new window" fallback.
 */
import * as v from 'valibot';
import { LtiMessageError, sendLtiMessage, storageFrame } from './lti-post-message.ts';
import {
  PLATFORM_STORAGE_TIMEOUT_MS,
  STORAGE_ELEMENT_IDS,
  STORAGE_VALUE_FIELD,
  StorageStepSchema,
  type StorageStep,
} from './platform-storage-protocol.ts';

function readStep(doc: Document): StorageStep {
  let json: unknown;
  try {
    json = JSON.parse(doc.getElementById(STORAGE_ELEMENT_IDS.step)?.textContent ?? '');
  } catch {
    json = undefined;
  }
  const parsed = v.safeParse(StorageStepSchema, json);
  if (!parsed.success) throw new LtiMessageError('bad-page', 'The page data is not valid.');
  return parsed.output;
}

async function run(win: Window, step: StorageStep): Promise<void> {
  const frame = storageFrame(win, step.target);
  if (!frame && step.action === 'put' && win.parent === win) {
    // Opened top-level (a new tab, no LMS around us): our cookie is first-party here, so use it.
    win.location.replace(step.withCookie);
    return;
  }
  if (!frame) throw new LtiMessageError('no-frame', `No platform frame named ${step.target}.`);
  const send = {
    self: win,
    target: frame,
    targetOrigin: step.origin,
    timeoutMs: PLATFORM_STORAGE_TIMEOUT_MS,
  };
  if (step.action === 'put') {
    await sendLtiMessage({ ...send, subject: 'lti.put_data', payload: { key: step.key, value: step.value } });
    win.location.replace(step.next);
    return;
  }
  const response = await sendLtiMessage({ ...send, subject: 'lti.get_data', payload: { key: step.key } });
  const otherKey = response.key !== undefined && response.key !== step.key;
  if (typeof response.value !== 'string' || response.value === '' || otherKey) {
    throw new LtiMessageError('no-value', 'The platform holds no value for this launch.');
  }
  const form = win.document.getElementById(STORAGE_ELEMENT_IDS.completeForm);
  if (!(form instanceof HTMLFormElement))
    throw new LtiMessageError('bad-page', 'The launch form is missing.');
  const field = win.document.createElement('input');
  field.type = 'hidden';
  field.name = STORAGE_VALUE_FIELD;
  field.value = response.value;
  form.append(field);
  form.submit();
}

function showFallback(doc: Document, error: unknown): void {
  // For whoever debugs a launch: the code says which step failed; the page says what to do.
  console.warn('LTI platform storage unavailable:', error instanceof LtiMessageError ? error.code : error);
  doc.getElementById(STORAGE_ELEMENT_IDS.progress)?.setAttribute('hidden', '');
  doc.getElementById(STORAGE_ELEMENT_IDS.fallback)?.removeAttribute('hidden');
}

try {
  run(window, readStep(document)).catch((error: unknown) => showFallback(document, error));
} catch (error) {
  showFallback(document, error);
}
