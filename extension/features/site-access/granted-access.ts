/**
 * Whether the browser lets the extension run on a site, read from what it has actually granted:
 * the origins of `permissions.getAll()`.
 *
 * Not `permissions.contains`. For hosts that come from a manifest content script's `matches`,
 * Chromium answers false even while it runs the script there: the manifest also lists every https
 * site as an optional host, so it checks these hosts against the explicit grants and never against
 * the content-script ones (seen in Chromium 156 on a fresh install). `getAll()` lists both, and
 * drops whatever the user withholds ("site access: on click", "on specific sites", or Firefox's
 * add-ons manager), so it says "on" exactly where the browser would inject the overlay.
 *
 * Compared by scheme and host only: browsers grant hosts, not paths. Chromium lists a content
 * script's pattern with its path (`https://docs.google.com/document/*`), Firefox lists the same
 * grant as `https://docs.google.com/*`, and a page the script matches runs it under either.
 */
export type Access = 'granted' | 'partial' | 'withheld';

interface HostPattern {
  /** `*` is http and https, as in match patterns. */
  scheme: string;
  /** `*` for any host; otherwise the host without its `*.` prefix. */
  host: string;
  /** `*.example.org`: the host and every subdomain of it. */
  subdomains: boolean;
}

const PATTERN = /^(\*|[a-z][a-z0-9+.-]*):\/\/(\*|\*\.[^/*]+|[^/*]*)\//;
const ANY: HostPattern = { scheme: 'any', host: '*', subdomains: true };

function parse(pattern: string): HostPattern | null {
  if (pattern === '<all_urls>') return ANY;
  const parts = PATTERN.exec(pattern.toLowerCase());
  if (!parts) return null;
  const [, scheme = '', host = ''] = parts;
  if (host === '*') return { scheme, host, subdomains: true };
  if (host.startsWith('*.')) return { scheme, host: host.slice(2), subdomains: true };
  return { scheme, host, subdomains: false };
}

function schemeCovers(granted: string, wanted: string): boolean {
  if (granted === 'any' || granted === wanted) return true;
  return granted === '*' && (wanted === 'http' || wanted === 'https');
}

/** `host` is `domain` or one of its subdomains. */
function within(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Every URL `wanted` matches is also granted by `granted`. */
function covers(granted: HostPattern, wanted: HostPattern): boolean {
  if (!schemeCovers(granted.scheme, wanted.scheme)) return false;
  if (granted.host === '*') return true;
  if (wanted.host === '*') return false;
  if (granted.subdomains) return within(wanted.host, granted.host);
  return !wanted.subdomains && wanted.host === granted.host;
}

/** Some, not all, of the URLs `wanted` matches are granted (e.g. one SharePoint tenant of `*.sharepoint.com`). */
function overlaps(granted: HostPattern, wanted: HostPattern): boolean {
  if (!schemeCovers(granted.scheme, wanted.scheme) && !schemeCovers(wanted.scheme, granted.scheme)) {
    return false;
  }
  if (!wanted.subdomains) return false;
  return wanted.host === '*' || within(granted.host, wanted.host);
}

/**
 * How much of `patterns` (a site's match patterns) the `granted` origins cover: all of it, part of
 * it, or none. A pattern that is not a match pattern counts as not granted.
 */
export function accessTo(patterns: readonly string[], granted: readonly string[]): Access {
  const grants = granted.map(parse).filter((grant): grant is HostPattern => grant !== null);
  let covered = 0;
  let touched = 0;
  for (const pattern of patterns) {
    const wanted = parse(pattern);
    if (!wanted) continue;
    if (grants.some((grant) => covers(grant, wanted))) covered += 1;
    else if (grants.some((grant) => overlaps(grant, wanted))) touched += 1;
  }
  if (patterns.length > 0 && covered === patterns.length) return 'granted';
  return covered + touched > 0 ? 'partial' : 'withheld';
}
