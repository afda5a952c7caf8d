import * as v from 'valibot';
import { PairingCodeSchema } from './api.ts';

/**
 * The pairing link: the tool's address and a one-time pairing code in one string, which a teacher
 * copies from their teacher page and pastes once into the extension, e.g.
 * `https://coach.example.org/pair#K7QM2XPD`. It is a URL on the tool, so a person can see where it
 * points. The code is in the fragment, which browsers never send, so opening the link by mistake
 * puts no code in any server's log. The tool answers `/pair` with a page that says what the link is for.
 */
export const PAIRING_LINK_PATH = '/pair';

/** Far longer than any real link (an origin, `/pair#` and 8 characters): refused before parsing. */
export const MAX_PAIRING_LINK_CHARS = 512;

const EXAMPLE = 'https://coach.example.org/pair#K7QM2XPD';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1']);
/** Whitespace and the invisible characters a paste from a chat, email or PDF can carry. */
const PASTE_NOISE = /[\s\u200B-\u200D\u2060\uFEFF]/g;

/** `raw` as a URL, or null when it is none (the URL constructor throws on those). */
export function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * Where the extension may send a pairing code and its step changes: https, or http on this
 * machine only (the tool started with `npm start`).
 */
export function isCoachingServerUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

/** The link for `code` on the tool at `serverUrl` (any URL of it: only its origin is kept). */
export function pairingLinkFor(serverUrl: string, code: string): string {
  const compact = code.toUpperCase().replace(/[\s-]/g, '');
  return `${new URL(serverUrl).origin}${PAIRING_LINK_PATH}#${compact}`;
}

export interface PairingLink {
  /** The origin to pair with, and the only one the code is ever sent to. */
  serverUrl: string;
  /** The code, upper case without the dash, as the pair request carries it. */
  code: string;
}

const messages = {
  empty: `Paste the pairing link from your teacher page. It looks like ${EXAMPLE}`,
  tooLong: 'That is too long to be a pairing link. Copy the link again from your teacher page.',
  codeOnly:
    'That is a pairing code on its own. Paste the whole pairing link, or enter the address and code instead.',
  notALink: `That is not a pairing link. Copy it again from your teacher page: it looks like ${EXAMPLE}`,
  insecure: 'A pairing link must start with https:// (http:// only for localhost).',
  userinfo:
    'That link hides its real address behind a name and @. Copy the link again from your teacher page.',
  badCode: 'The code at the end of that link is not complete. Copy the link again from your teacher page.',
} as const;

type Reading = { ok: true; link: PairingLink } | { ok: false; message: string };

function readPairingLink(input: string): Reading {
  const text = input.replace(PASTE_NOISE, '');
  if (text === '') return { ok: false, message: messages.empty };
  if (text.length > MAX_PAIRING_LINK_CHARS) return { ok: false, message: messages.tooLong };
  if (v.is(PairingCodeSchema, text)) return { ok: false, message: messages.codeOnly };
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return { ok: false, message: messages.notALink };
  }
  if (url.username !== '' || url.password !== '') return { ok: false, message: messages.userinfo };
  if (!isCoachingServerUrl(url)) return { ok: false, message: messages.insecure };
  if (url.pathname !== PAIRING_LINK_PATH && url.pathname !== `${PAIRING_LINK_PATH}/`) {
    return { ok: false, message: messages.notALink };
  }
  const code = v.safeParse(PairingCodeSchema, decodeFragment(url.hash.slice(1)));
  if (!code.success) return { ok: false, message: messages.badCode };
  return { ok: true, link: { serverUrl: url.origin, code: code.output } };
}

/** The fragment as typed: `%2D` for a dash, say, from a link that went through an encoder. */
function decodeFragment(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}

/**
 * Reads a pasted pairing link into the server's origin and the code. Whitespace and line breaks
 * from a paste are dropped; anything but the tool's `/pair` address over https (http only for
 * localhost) with no name or password before the host, and a whole code after `#`, is refused
 * with one message that says what to do.
 */
export const PairingLinkSchema = v.pipe(
  v.string('The pairing link must be text'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const reading = readPairingLink(dataset.value);
    if (reading.ok) return reading.link;
    addIssue({ message: reading.message });
    return NEVER;
  }),
);
