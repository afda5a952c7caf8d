import { DEFAULT_SITES, matchesPattern } from './sites.ts';

/**
 * Sites the teacher added in the options page, stored as bare hostnames. Each gets an optional
 * host permission (`https://<host>/*`, granted from a click) and a dynamically registered copy
 * of the content script (site-scripts.ts, run by the background). https only, one exact host, no
 * wildcards.
 */
export const ADDED_SITE_SCRIPT_PREFIX = 'added-site:';
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type SiteInput = { ok: true; host: string } | { ok: false; message: string };

export function originPatternFor(host: string): string {
  return `https://${host}/*`;
}

export function scriptIdFor(host: string): string {
  return `${ADDED_SITE_SCRIPT_PREFIX}${host}`;
}

export function isDefaultHost(host: string): boolean {
  const probe = new URL(`https://${host}/`);
  return DEFAULT_SITES.some((site) =>
    site.hosts.some((pattern) => matchesPattern(pattern.replace(/^(https:\/\/[^/]+)\/.*$/, '$1/*'), probe)),
  );
}

/** What the teacher typed ("lessons.example.org" or a full https address) → a hostname, or why not. */
export function parseSiteInput(raw: string): SiteInput {
  const text = raw.trim();
  if (text === '') return { ok: false, message: 'Type the site’s address, like lessons.example.org' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, message: 'That is not a web address. Try something like lessons.example.org' };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'Only https:// sites can be added.' };
  if (url.username || url.password || url.port) {
    return { ok: false, message: 'Type just the site’s address, without a port or a login.' };
  }
  const host = url.hostname.toLowerCase();
  if (!HOSTNAME.test(host)) return { ok: false, message: 'Type a site name, like lessons.example.org' };
  if (isDefaultHost(host)) return { ok: false, message: 'That site is already in the list above.' };
  return { ok: true, host };
}

/** The stored list, validated: storage outlives this code, so anything not a valid host is dropped. */
export function readAddedSites(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const hosts = value.filter((host): host is string => typeof host === 'string' && HOSTNAME.test(host));
  return [...new Set(hosts)];
}
