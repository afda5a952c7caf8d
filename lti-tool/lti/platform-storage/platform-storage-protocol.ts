import * as v from 'valibot';

/**
 * LTI platform storage (1EdTech "LTI Client Side postMessages" + "OIDC Login with postMessage"):
 * the names and shapes that the server-rendered interstitial pages and their browser script share.
 * Kept free of Node and DOM imports: the server imports it, and it is bundled into the browser script.
 */

/** How long the platform has to answer a postMessage before we offer a new window instead. */
export const PLATFORM_STORAGE_TIMEOUT_MS = 2_000;

/** The form field that carries the value read back from platform storage to /lti/launch/complete. */
export const STORAGE_VALUE_FIELD = 'lti_storage_value';

export const STORAGE_ELEMENT_IDS = {
  /** `<script type="application/json">` with a {@link StorageStep}. */
  step: 'lti-platform-storage',
  /** Shown while we talk to the platform. */
  progress: 'lti-storage-progress',
  /** Shown when the platform does not answer: "Open in a new window". */
  fallback: 'lti-storage-fallback',
  /** The launch page's form to /lti/launch/complete (id_token, state, and the value we fill in). */
  completeForm: 'lti-launch-complete',
} as const;

/**
 * A frame name as platforms send it in `lti_storage_target` (Canvas: `post_message_forwarding`;
 * a platform whose top window stores the data: `_parent`). Restricted to plain characters.
 */
export const StorageTargetSchema = v.pipe(v.string(), v.regex(/^[\w.-]{1,64}$/));

const BrowserUrlSchema = v.pipe(
  v.string(),
  v.url(),
  v.check((raw) => /^https?:$/.test(new URL(raw).protocol), 'must be http(s)'),
);
const OriginSchema = v.pipe(
  BrowserUrlSchema,
  v.check((raw) => new URL(raw).origin === raw, 'must be an origin'),
);
const KeySchema = v.pipe(v.string(), v.regex(/^[\w-]{1,200}$/));

/** What the interstitial page asks its script to do. */
export const StorageStepSchema = v.variant('action', [
  /** Login: store the state-bound value in the platform, then go on to the platform's auth URL. */
  v.object({
    action: v.literal('put'),
    target: StorageTargetSchema,
    origin: OriginSchema,
    key: KeySchema,
    value: v.pipe(v.string(), v.regex(/^[\w-]{20,200}$/)),
    next: BrowserUrlSchema,
    /** The same login without platform storage: for a top-level window, where cookies are first-party. */
    withCookie: v.pipe(v.string(), v.startsWith('/lti/login?')),
  }),
  /** Launch: read the value back and post it with the id_token to /lti/launch/complete. */
  v.object({
    action: v.literal('get'),
    target: StorageTargetSchema,
    origin: OriginSchema,
    key: KeySchema,
  }),
]);
export type StorageStep = v.InferOutput<typeof StorageStepSchema>;

export type LtiStorageSubject = 'lti.capabilities' | 'lti.put_data' | 'lti.get_data';

/** A platform's answer to one of our messages; anything else arriving on `message` is ignored. */
export const LtiResponseSchema = v.object({
  subject: v.string(),
  message_id: v.string(),
  key: v.optional(v.string()),
  value: v.optional(v.unknown()),
  error: v.optional(
    v.union([v.string(), v.object({ code: v.optional(v.string()), message: v.optional(v.string()) })]),
  ),
});
export type LtiResponse = v.InferOutput<typeof LtiResponseSchema>;
