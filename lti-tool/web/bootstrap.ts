import * as v from 'valibot';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';

/** The pages the LTI tool renders; each has its own Vite entry. */
export const PageSchema = v.picklist(['coach', 'teacher', 'practice', 'provider', 'programme']);
export type Page = v.InferOutput<typeof PageSchema>;

/**
 * What the server puts in `<script type="application/json" id="bootstrap">` after a launch.
 * Keep this module free of DOM and Svelte at import time: the server imports its types.
 */
export const BootstrapSchema = v.object({
  page: PageSchema,
  sessionToken: v.pipe(v.string(), v.nonEmpty('sessionToken is required')),
  /** The tool's origin; API calls and the address teachers type into the extension. */
  publicUrl: v.pipe(
    v.string(),
    v.url('publicUrl must be a full address'),
    v.transform((raw) => new URL(raw).origin),
  ),
  /** Opaque, unique per user and context; part of the IndexedDB name. */
  storageKey: v.pipe(v.string(), v.nonEmpty('storageKey is required'), v.maxLength(200)),
  user: v.object({ name: v.nullable(v.string()) }),
  context: v.object({ title: v.nullable(v.string()) }),
  /** Teacher page: where to install the browser extension (EXTENSION_STORE_URL); absent or null when unset. */
  extensionStoreUrl: v.optional(
    v.nullable(
      v.pipe(
        v.string(),
        v.regex(/^https:\/\//i, 'extensionStoreUrl must be an https address'),
        v.url('extensionStoreUrl must be a full address'),
      ),
    ),
  ),
  /**
   * The activity (LMS resource link) this page was launched from. `moduleId` is set for
   * practice modules; null for the plain action-step activity.
   */
  activity: v.optional(
    v.nullable(
      v.object({
        linkKey: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
        moduleId: v.nullable(v.string()),
        title: v.nullable(v.string()),
      }),
    ),
    null,
  ),
});
/** What the page works with after parsing. */
export type Bootstrap = v.InferOutput<typeof BootstrapSchema>;
/** What the server writes (before parsing); the same shape today. */
export type BootstrapJson = v.InferInput<typeof BootstrapSchema>;

export const BOOTSTRAP_ELEMENT_ID = 'bootstrap';

/** Parses the bootstrap JSON text; throws a DomainError('invalid-input') naming the bad fields. */
export function parseBootstrap(text: string | null | undefined, expectedPage?: Page): Bootstrap {
  let json: unknown;
  try {
    json = JSON.parse(text ?? '');
  } catch {
    json = undefined;
  }
  const bootstrap = parseOrThrow(BootstrapSchema, json, 'bootstrap');
  if (expectedPage && bootstrap.page !== expectedPage) {
    throw new DomainError('invalid-input', `Invalid bootstrap: page must be "${expectedPage}"`);
  }
  return bootstrap;
}

/** What readBootstrap needs of a document (a structural type: the server imports this module without DOM types). */
interface BootstrapDocument {
  getElementById(id: string): { textContent: string | null } | null;
}

/** Reads and parses the bootstrap element of `doc`. */
export function readBootstrap(doc: BootstrapDocument, expectedPage?: Page): Bootstrap {
  return parseBootstrap(doc.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent, expectedPage);
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>`, `&` and the two
 * JavaScript line separators are escaped, so a name like `</script><script>…` stays data.
 */
export function serializeBootstrap(bootstrap: BootstrapJson): string {
  return JSON.stringify(bootstrap).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
