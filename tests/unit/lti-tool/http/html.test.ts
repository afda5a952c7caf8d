import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { html, jsonScript, messagePage, pageShell, SafeHtml } from '../../../../lti-tool/http/html.ts';

const HOSTILE = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '</textarea><script>alert(1)</script>',
  'Fish & chips <3',
];

/** Parses markup as a browser would, inside a body. */
function parse(markup: SafeHtml | string): HTMLElement {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${String(markup)}`, 'text/html');
  return doc.body;
}

describe('html: every interpolation is escaped', () => {
  it.each(HOSTILE)('keeps %j as text in an element', (text) => {
    const body = parse(html`<p>${text}</p>`);
    expect(body.querySelectorAll('script, img')).toHaveLength(0);
    expect(body.querySelector('p')?.textContent).toBe(text);
  });

  it.each(HOSTILE)('keeps %j inside a quoted attribute', (text) => {
    const body = parse(html`<input title="${text}" value='${text}'>`);
    const input = body.querySelector('input')!;
    expect(input.getAttributeNames().sort()).toEqual(['title', 'value']);
    expect(input.getAttribute('title')).toBe(text);
    expect(input.getAttribute('value')).toBe(text);
  });

  it('keeps </textarea> inside a textarea', () => {
    const text = '</textarea><script>alert(1)</script>';
    const body = parse(html`<textarea>${text}</textarea>`);
    expect(body.querySelectorAll('script')).toHaveLength(0);
    expect(body.querySelector('textarea')?.value).toBe(text);
  });

  it('escapes every character that matters', () => {
    expect(String(html`${`<>&"'`}`)).toBe('&lt;&gt;&amp;&quot;&#39;');
  });

  it('joins arrays, nested ones too, escaping their strings and keeping their fragments', () => {
    const items = [['<b>', html`<i>${'a&b'}</i>`], '</li>', [[html`<br>`]]];
    expect(String(html`<li>${items}</li>`)).toBe('<li>&lt;b&gt;<i>a&amp;b</i>&lt;/li&gt;<br></li>');
  });

  it('never escapes a nested fragment twice', () => {
    const inner = html`<b title="${'"x"'}">${'1 < 2'}</b>`;
    const outer = html`<p>${inner}</p>`;
    expect(String(html`<div>${outer}</div>`)).toBe('<div><p><b title="&quot;x&quot;">1 &lt; 2</b></p></div>');
  });

  it('writes numbers, and nothing for null, undefined or false', () => {
    expect(String(html`<p>${3}|${null}|${undefined}|${false}|${0}</p>`)).toBe('<p>3||||0</p>');
  });

  it('refuses an unquoted attribute value, which escaping cannot protect', () => {
    expect(() => html`<input value=${'x onfocus=alert(1)'}>`).toThrow(/quote the attribute/);
    // Inside a quoted value a query string is fine.
    expect(String(html`<a href="/p?request=${'a b'}&amp;q=${'&'}">x</a>`)).toBe(
      '<a href="/p?request=a b&amp;q=&amp;">x</a>',
    );
  });

  it('offers no way to make a plain string safe', () => {
    expect(Object.getOwnPropertyNames(SafeHtml)).not.toContain('from');
    expect(Object.getOwnPropertyNames(SafeHtml.prototype).sort()).toEqual(['constructor', 'toString']);
  });
});

describe('jsonScript', () => {
  it('keeps a hostile value as data that parses back the same', () => {
    const value = { name: '</script><script>alert(1)</script>', line: '\u2028&<>', n: 1 };
    const body = parse(jsonScript('bootstrap', value));
    expect(body.querySelectorAll('script')).toHaveLength(1);
    const script = body.querySelector('script#bootstrap')!;
    expect(script.getAttribute('type')).toBe('application/json');
    expect(JSON.parse(script.textContent ?? '')).toEqual(value);
    expect(String(jsonScript('x', value))).not.toMatch(/<\/script>.*<\/script>/s);
  });
});

describe('page shells', () => {
  it('escape the title and every line of a message page', () => {
    const page = messagePage({
      title: '<script>alert(1)</script>',
      lines: ['a & b', '<img src=x onerror=alert(1)>'],
      inside: html`<p class="reference">${'<ok>'}</p>`,
    });
    const doc = new DOMParser().parseFromString(page, 'text/html');
    expect(doc.title).toBe('<script>alert(1)</script>');
    expect(doc.querySelectorAll('script, img')).toHaveLength(0);
    expect([...doc.querySelectorAll('main p')].map((p) => p.textContent)).toEqual([
      'a & b',
      '<img src=x onerror=alert(1)>',
      '<ok>',
    ]);
  });

  it('put head and body fragments in place', () => {
    const page = pageShell({
      title: 't',
      head: html`<link rel="stylesheet" href="/a.css">`,
      body: html`<main></main>`,
    });
    expect(page).toContain('<title>t</title>\n<link rel="stylesheet" href="/a.css">\n</head>');
    expect(page).toContain('<body>\n<main></main>\n</body>');
  });
});

describe('convention: pages escape through html, never by hand', () => {
  const ROOT = path.resolve(import.meta.dirname, '../../../..');
  const files = (dir: string): string[] =>
    readdirSync(path.join(ROOT, dir)).flatMap((name) => {
      const rel = path.join(dir, name);
      if (statSync(path.join(ROOT, rel)).isDirectory()) return files(rel);
      return name.endsWith('.ts') ? [rel] : [];
    });

  it('no file in lti-tool but http/html.ts uses escapeHtml', () => {
    const users = files('lti-tool').filter(
      (file) =>
        file !== path.join('lti-tool', 'http', 'html.ts') &&
        /\bescapeHtml\b/.test(readFileSync(path.join(ROOT, file), 'utf8')),
    );
    expect(users).toEqual([]);
  });
});
