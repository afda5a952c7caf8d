import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import selfsigned from 'selfsigned';

/** Other default sites, by hostname: the page each serves for every path (SPAs route client-side). */
const SITE_FIXTURES: Record<string, string> = {
  'contoso.sharepoint.com': 'sharepoint-with-officeapps-iframe.html',
  'word-edit.officeapps.live.com': 'officeapps-editor.html',
  'labs.thenational.academy': 'oak-lesson-assistant.html',
};
export const LESSON_PLAN_HOSTS = ['docs.google.com', ...Object.keys(SITE_FIXTURES)];
/** A school's own site, not a default one: the teacher adds it in the options page. */
export const ADDED_SITE_HOST = 'lessons.example.org';
const SITES_DIR = path.resolve(import.meta.dirname, '../../fixtures/sites');

/**
 * Google's pages allow only named Trusted Types policies; the fixture copies that,
 * so an overlay that sets innerHTML would fail to mount here as it would there.
 */
const GOOGLE_LIKE_CSP = [
  "script-src 'self' 'unsafe-inline'",
  "require-trusted-types-for 'script'",
  'trusted-types goog#html',
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

export interface FixtureSites {
  port: number;
  /** Requests the fixture pages received, for the "sends nothing" checks. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTPS server (self-signed) that answers for the real lesson-planning hostnames. */
export async function startFixtureSites(): Promise<FixtureSites> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'docs.google.com' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [...LESSON_PLAN_HOSTS, ADDED_SITE_HOST].map((value) => ({ type: 2, value })),
      },
    ],
  });
  const requests: string[] = [];
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    try {
      requests.push(`${req.method} ${req.headers.host}${req.url}`);
      const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
      const siteFixture = SITE_FIXTURES[url.hostname];
      if (siteFixture) {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': GOOGLE_LIKE_CSP,
        });
        res.end(readFileSync(path.join(SITES_DIR, siteFixture), 'utf8'));
        return;
      }
      if (url.hostname === ADDED_SITE_HOST) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><html lang="en"><title>Lessons</title><h1>Year 9 lessons</h1></html>');
        return;
      }
      const kind = /^\/(document|presentation)\/d\//.exec(url.pathname)?.[1];
      if (kind) {
        const editor =
          kind === 'document' ? { app: 'Docs', thing: 'Document' } : { app: 'Slides', thing: 'Slide' };
        // `/document/d/heavy-…`: a 5,000-node document for tests/bench/heavy-page-cost.ts.
        const file = url.pathname.startsWith('/document/d/heavy-') ? 'heavy-doc.html' : 'google-editor.html';
        const html = readFileSync(path.join(SITES_DIR, file), 'utf8')
          .replaceAll('{{app}}', editor.app)
          .replaceAll('{{thing}}', editor.thing);
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': GOOGLE_LIKE_CSP,
        });
        res.end(html);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (error) {
      // A broken fixture must fail the test at once, not hang the navigation.
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
