import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SITE_MATCHES,
  DEFAULT_SITES,
  matchesPattern,
  siteForUrl,
} from '../../../extension/features/site-access/sites.ts';

describe('default sites', () => {
  it('uses narrow https patterns, one host each, never <all_urls>', () => {
    expect(DEFAULT_SITE_MATCHES.length).toBeGreaterThan(10);
    for (const pattern of DEFAULT_SITE_MATCHES) {
      expect(pattern).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*\*$/);
      expect(pattern).not.toContain('<all_urls>');
      expect(pattern.startsWith('https://*/')).toBe(false);
    }
  });

  it('has unique kebab-case ids and names', () => {
    const ids = DEFAULT_SITES.map((site) => site.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const site of DEFAULT_SITES) {
      expect(site.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(site.name.trim()).not.toBe('');
    }
  });

  it('only narrows: every runtime page pattern lies inside one of the site’s manifest patterns', () => {
    for (const site of DEFAULT_SITES) {
      for (const page of site.pages ?? []) {
        const sample = new URL(page.replaceAll('*', 'x'));
        expect(site.hosts.some((host) => matchesPattern(host, sample))).toBe(true);
      }
    }
  });

  it.each([
    ['https://docs.google.com/document/d/1AbC/edit', 'google-docs'],
    ['https://docs.google.com/presentation/d/1AbC/edit#slide=id.p', 'google-docs'],
    ['https://docs.google.com/document/u/0/', null],
    ['https://docs.google.com/spreadsheets/d/1AbC/edit', null],
    ['https://drive.google.com/drive/my-drive', 'google-drive'],
    ['https://contoso.sharepoint.com/:w:/r/sites/maths/Doc.aspx', 'microsoft-365'],
    ['https://contoso-my.sharepoint.com/personal/sam/Documents', 'microsoft-365'],
    ['https://word-edit.officeapps.live.com/we/wordeditorframe.aspx', 'microsoft-365'],
    ['https://word.cloud.microsoft/open/onedrive/', 'microsoft-365'],
    ['https://onedrive.live.com/edit?id=1', 'microsoft-365'],
    ['https://www.office.com/launch/word', 'microsoft-365'],
    ['https://www.thenational.academy/teachers/programmes', 'oak'],
    ['https://labs.thenational.academy/aila', 'oak'],
    ['https://labs.thenational.academy/aila/abc123', 'oak'],
    ['https://labs.thenational.academy/quiz-designer', null],
    ['https://chatgpt.com/c/123', 'chatgpt'],
    ['https://gemini.google.com/app', 'gemini'],
    ['https://copilot.microsoft.com/chats/1', 'copilot'],
    ['https://classroom.google.com/c/123', 'google-classroom'],
    ['https://www.canva.com/design/abc/edit', 'canva'],
    ['https://www.notion.so/lesson-plans-123', 'notion'],
    ['https://www.twinkl.co.uk/resource/x', 'twinkl'],
    ['https://www.tes.com/teaching-resources', 'tes'],
    ['http://chatgpt.com/c/123', null],
    ['https://sharepoint.com.evil.example/x', null],
    ['https://evilsharepoint.com/x', null],
    ['https://chatgpt.com.evil.example/', null],
    ['https://canva.com/design/abc', null],
  ])('%s → %s', (href, id) => {
    expect(siteForUrl(new URL(href))?.id ?? null).toBe(id);
  });

  it('matches a `*.` host pattern on the bare domain too, as browsers do', () => {
    expect(matchesPattern('https://*.sharepoint.com/*', new URL('https://sharepoint.com/'))).toBe(true);
    expect(matchesPattern('https://*.sharepoint.com/*', new URL('https://xsharepoint.com/'))).toBe(false);
  });

  it('treats regex characters in a pattern literally', () => {
    expect(matchesPattern('https://www.tes.com/a.b*', new URL('https://www.tes.com/a.b/c'))).toBe(true);
    expect(matchesPattern('https://www.tes.com/a.b*', new URL('https://www.tes.com/aXb/c'))).toBe(false);
  });
});
