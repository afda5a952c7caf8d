/**
 * The demo LMS's side of LTI platform storage (served as /demo/platform-storage.js): answers
 * lti.capabilities, lti.put_data and lti.get_data from the tool in the launch frame, and keeps
 * the data in this page's memory, separately for each tool origin, as Canvas does.
 */
import * as v from 'valibot';

const MAX_KEYS_PER_ORIGIN = 100;
/** This top window keeps the data itself: tools address it as their parent (lti_storage_target). */
const STORAGE_FRAME = '_parent';

const MessageIdSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const KeySchema = v.pipe(v.string(), v.minLength(1), v.maxLength(256));
const RequestSchema = v.variant('subject', [
  v.object({ subject: v.literal('lti.capabilities'), message_id: MessageIdSchema }),
  v.object({
    subject: v.literal('lti.put_data'),
    message_id: MessageIdSchema,
    key: KeySchema,
    value: v.pipe(v.string(), v.maxLength(4096)),
  }),
  v.object({ subject: v.literal('lti.get_data'), message_id: MessageIdSchema, key: KeySchema }),
]);
type StorageRequest = v.InferOutput<typeof RequestSchema>;
/** Enough to address an error to a message we could not parse. */
const EnvelopeSchema = v.object({
  subject: v.pipe(v.string(), v.startsWith('lti.')),
  message_id: MessageIdSchema,
});

const SUBJECTS = ['lti.capabilities', 'lti.put_data', 'lti.get_data'];

function answer(request: StorageRequest, stored: Map<string, string>): object {
  const response = { subject: `${request.subject}.response`, message_id: request.message_id };
  switch (request.subject) {
    case 'lti.capabilities':
      return {
        ...response,
        supported_messages: SUBJECTS.map((subject) =>
          subject === 'lti.capabilities' ? { subject } : { subject, frame: STORAGE_FRAME },
        ),
      };
    case 'lti.put_data':
      if (!stored.has(request.key) && stored.size >= MAX_KEYS_PER_ORIGIN) {
        return { ...response, error: { code: 'storage_exhausted', message: 'Too many keys for this tool.' } };
      }
      stored.set(request.key, request.value);
      return { ...response, key: request.key, value: request.value };
    case 'lti.get_data': {
      const value = stored.get(request.key);
      if (value === undefined) {
        return { ...response, key: request.key, error: { code: 'key_not_found', message: 'No such key.' } };
      }
      return { ...response, key: request.key, value };
    }
  }
}

function start(script: HTMLOrSVGScriptElement | null): void {
  const toolOrigin = script?.dataset.toolOrigin;
  const frameName = script?.dataset.frame;
  if (!toolOrigin || !frameName) return;
  const storage = new Map<string, Map<string, string>>();
  window.addEventListener('message', (event: MessageEvent) => {
    // Only the tool we launched, from the frame we launched it in: never another page or tab.
    const frame = document.querySelector<HTMLIFrameElement>(`iframe[name="${frameName}"]`);
    if (event.origin !== toolOrigin || !frame || event.source !== frame.contentWindow) return;
    const reply = (message: object) => frame.contentWindow?.postMessage(message, event.origin);
    const parsed = v.safeParse(RequestSchema, event.data);
    if (!parsed.success) {
      const envelope = v.safeParse(EnvelopeSchema, event.data);
      if (!envelope.success) return;
      const { subject, message_id } = envelope.output;
      const code = SUBJECTS.includes(subject) ? 'bad_request' : 'unsupported_subject';
      reply({
        subject: `${subject}.response`,
        message_id,
        error: { code, message: `Cannot handle ${subject}.` },
      });
      return;
    }
    let stored = storage.get(event.origin);
    if (!stored) storage.set(event.origin, (stored = new Map()));
    reply(answer(parsed.output, stored));
  });
}

start(document.currentScript);
