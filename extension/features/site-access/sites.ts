/**
 * The sites the overlay appears on by default. `hosts` become the content script's manifest
 * `matches` (narrow, one host each, never `<all_urls>`); `pages` narrow that at run time, so a
 * single-page app that navigates from a matching path to a non-matching one loses the overlay.
 * The id is the settings key a teacher switches off in the options page.
 */
export interface SiteDefinition {
  readonly id: string;
  readonly name: string;
  readonly hosts: readonly string[];
  /** Runtime match patterns; the same as `hosts` when absent. */
  readonly pages?: readonly string[];
}

export const DEFAULT_SITES: readonly SiteDefinition[] = [
  {
    id: 'google-docs',
    name: 'Google Docs and Slides',
    hosts: ['https://docs.google.com/document/*', 'https://docs.google.com/presentation/*'],
    pages: ['https://docs.google.com/document/d/*', 'https://docs.google.com/presentation/d/*'],
  },
  { id: 'google-drive', name: 'Google Drive', hosts: ['https://drive.google.com/*'] },
  {
    id: 'microsoft-365',
    name: 'Microsoft 365 (Word, PowerPoint, OneDrive, SharePoint)',
    hosts: [
      'https://*.sharepoint.com/*',
      'https://onedrive.live.com/*',
      'https://*.officeapps.live.com/*',
      'https://*.cloud.microsoft/*',
      'https://www.office.com/*',
    ],
  },
  {
    id: 'oak',
    name: 'Oak National Academy (and its lesson assistant)',
    hosts: ['https://www.thenational.academy/*', 'https://labs.thenational.academy/*'],
    pages: ['https://www.thenational.academy/*', 'https://labs.thenational.academy/aila*'],
  },
  { id: 'chatgpt', name: 'ChatGPT', hosts: ['https://chatgpt.com/*'] },
  { id: 'gemini', name: 'Gemini', hosts: ['https://gemini.google.com/*'] },
  { id: 'copilot', name: 'Microsoft Copilot', hosts: ['https://copilot.microsoft.com/*'] },
  { id: 'google-classroom', name: 'Google Classroom', hosts: ['https://classroom.google.com/*'] },
  { id: 'canva', name: 'Canva', hosts: ['https://www.canva.com/*'] },
  { id: 'notion', name: 'Notion', hosts: ['https://www.notion.so/*'] },
  { id: 'twinkl', name: 'Twinkl', hosts: ['https://www.twinkl.co.uk/*'] },
  { id: 'tes', name: 'Tes', hosts: ['https://www.tes.com/*'] },
];

/** Every default site's manifest pattern, for the content script's `matches`. */
export const DEFAULT_SITE_MATCHES: string[] = DEFAULT_SITES.flatMap((site) => site.hosts);

const PATTERN = /^https:\/\/(\*\.)?([a-z0-9.-]+)(\/.*)$/;

/**
 * Whether `url` matches an `https://host/path` match pattern (host may start with `*.`, which
 * also matches the bare domain; `*` in the path matches anything), as the browser decides it.
 */
export function matchesPattern(pattern: string, url: URL): boolean {
  const parts = PATTERN.exec(pattern);
  if (!parts || url.protocol !== 'https:') return false;
  const [, wildcard, host = '', path = ''] = parts;
  const hostOk = wildcard
    ? url.hostname === host || url.hostname.endsWith(`.${host}`)
    : url.hostname === host;
  if (!hostOk) return false;
  const glob = path.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*');
  return new RegExp(`^${glob}$`).test(url.pathname);
}

/** The default site `url` belongs to (its pages, not just its host), or null. */
export function siteForUrl(
  url: URL,
  sites: readonly SiteDefinition[] = DEFAULT_SITES,
): SiteDefinition | null {
  return (
    sites.find((site) => (site.pages ?? site.hosts).some((pattern) => matchesPattern(pattern, url))) ?? null
  );
}
