import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_ALPHABET } from '../../../../shared/protocol/api.ts';
import { ServerUrlSchema } from '../../../../shared/protocol/messages.ts';
import {
  MAX_PAIRING_LINK_CHARS,
  PairingLinkSchema,
  pairingLinkFor,
} from '../../../../shared/protocol/pairing-link.ts';

function read(input: unknown) {
  const result = v.safeParse(PairingLinkSchema, input);
  return result.success
    ? { ok: true as const, link: result.output }
    : { ok: false as const, messages: result.issues.map((issue) => issue.message) };
}

function refusal(input: unknown): string {
  const result = read(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  expect(result.messages).toHaveLength(1);
  return result.messages[0]!;
}

describe('pairing link', () => {
  it('is the tool’s /pair address with the code in the fragment', () => {
    expect(pairingLinkFor('https://coach.example.org', 'K7QM2XPD')).toBe(
      'https://coach.example.org/pair#K7QM2XPD',
    );
    // Any address of the tool gives its origin; the code is written without its dash.
    expect(pairingLinkFor('https://coach.example.org:8443/lti/launch?x=1', 'k7qm-2xpd')).toBe(
      'https://coach.example.org:8443/pair#K7QM2XPD',
    );
  });

  it.each([
    ['https://coach.example.org', 'K7QM2XPD'],
    ['https://coach.example.org:8443', 'ABCDEFGH'],
    ['http://localhost:3000', '23456789'],
    ['http://127.0.0.1:41234', 'ZZZZ2222'],
    ['https://xn--bcher-kva.example', 'HJKMNPQR'],
  ])('reads back what it wrote for %s', (serverUrl, code) => {
    expect(read(pairingLinkFor(serverUrl, code))).toEqual({ ok: true, link: { serverUrl, code } });
  });

  it('reads back links for codes drawn from the whole alphabet', () => {
    for (let start = 0; start < PAIRING_CODE_ALPHABET.length; start += 1) {
      const code = Array.from(
        { length: 8 },
        (_, index) => PAIRING_CODE_ALPHABET[(start + index * 5) % PAIRING_CODE_ALPHABET.length],
      ).join('');
      expect(read(pairingLinkFor('https://coach.example.org', code))).toEqual({
        ok: true,
        link: { serverUrl: 'https://coach.example.org', code },
      });
    }
  });

  it.each([
    ['spaces and a line break around it', '  https://coach.example.org/pair#K7QM2XPD\n'],
    ['a line break inside it (a wrapped email)', 'https://coach.example.org/pa\r\nir#K7QM\n2XPD'],
    ['tabs and a non-breaking space', '\thttps://coach.example.org/pair#K7QM\u00A02XPD\t'],
    ['zero-width characters from a chat app', '\u200Bhttps://coach.example.org/pair#K7QM\u200D2XPD\uFEFF'],
    ['the code with its dash, in lower case', 'https://coach.example.org/pair#k7qm-2xpd'],
    ['an encoded dash', 'https://coach.example.org/pair#K7QM%2D2XPD'],
    ['a trailing slash on the path', 'https://coach.example.org/pair/#K7QM2XPD'],
    ['the scheme and host in capitals', 'HTTPS://COACH.EXAMPLE.ORG/pair#K7QM2XPD'],
    ['the default port written out', 'https://coach.example.org:443/pair#K7QM2XPD'],
    ['a tracking query added by a mail client', 'https://coach.example.org/pair?utm_source=mail#K7QM2XPD'],
  ])('forgives %s', (_label, input) => {
    expect(read(input)).toEqual({
      ok: true,
      link: { serverUrl: 'https://coach.example.org', code: 'K7QM2XPD' },
    });
  });

  it('keeps a port that is not the default, and sends the code only to that origin', () => {
    expect(read('https://coach.example.org:8443/pair#K7QM2XPD')).toEqual({
      ok: true,
      link: { serverUrl: 'https://coach.example.org:8443', code: 'K7QM2XPD' },
    });
  });

  it.each([
    ['nothing', ''],
    ['only whitespace', ' \n\t '],
  ])('asks for the link when given %s', (_label, input) => {
    expect(refusal(input)).toMatch(/^Paste the pairing link from your teacher page/);
  });

  it('says a bare code is only half of it', () => {
    expect(refusal('K7QM-2XPD')).toMatch(/pairing code on its own.*enter the address and code instead/);
  });

  it.each([
    ['javascript:', 'javascript:alert(document.domain)//pair#K7QM2XPD'],
    ['javascript: with a fake path', 'javascript://coach.example.org/pair#K7QM2XPD'],
    ['data:', 'data:text/html,<script>alert(1)</script>#K7QM2XPD'],
    ['file:', 'file:///etc/pair#K7QM2XPD'],
    ['ftp:', 'ftp://coach.example.org/pair#K7QM2XPD'],
    ['chrome-extension:', 'chrome-extension://abcdefghijklmnop/pair#K7QM2XPD'],
    ['no scheme', 'coach.example.org/pair#K7QM2XPD'],
    ['another path on the tool', 'https://coach.example.org/api/extension/pair#K7QM2XPD'],
    ['the path in capitals', 'https://coach.example.org/PAIR#K7QM2XPD'],
    ['the tool’s home page', 'https://coach.example.org/#K7QM2XPD'],
    ['words', 'my pairing link'],
  ])('refuses %s as not a pairing link', (_label, input) => {
    expect(refusal(input)).toMatch(/^That is not a pairing link/);
  });

  it.each([
    ['a name before @', 'https://coach.example.org@evil.example/pair#K7QM2XPD'],
    ['a name and password before @', 'https://teacher:secret@coach.example.org/pair#K7QM2XPD'],
  ])('refuses a link with %s (it hides where the code would go)', (_label, input) => {
    expect(refusal(input)).toMatch(/hides its real address/);
  });

  it.each([
    ['http to another host', 'http://coach.example.org/pair#K7QM2XPD'],
    ['http to a private address', 'http://192.168.1.10:3000/pair#K7QM2XPD'],
    ['http to a name ending in localhost', 'http://localhost.evil.example/pair#K7QM2XPD'],
  ])('refuses %s: https only, http for localhost', (_label, input) => {
    expect(refusal(input)).toBe('A pairing link must start with https:// (http:// only for localhost).');
  });

  it.each([
    ['no fragment', 'https://coach.example.org/pair'],
    ['an empty fragment', 'https://coach.example.org/pair#'],
    ['a short code', 'https://coach.example.org/pair#K7QM2XP'],
    ['a long code', 'https://coach.example.org/pair#K7QM2XPDA'],
    ['letters the codes never use (0, O, 1, I)', 'https://coach.example.org/pair#K0QM1XPI'],
    ['markup in the fragment', 'https://coach.example.org/pair#<img src=x onerror=alert(1)>'],
    ['a broken escape', 'https://coach.example.org/pair#K7QM%E0%A42XPD'],
  ])('refuses %s as an incomplete code', (_label, input) => {
    expect(refusal(input)).toMatch(/^The code at the end of that link is not complete/);
  });

  it('refuses a very long paste before parsing it', () => {
    const long = `https://coach.example.org/pair#K7QM2XPD${'A'.repeat(MAX_PAIRING_LINK_CHARS)}`;
    expect(refusal(long)).toMatch(/too long to be a pairing link/);
    expect(refusal('x'.repeat(1_000_000))).toMatch(/too long/);
  });

  it('refuses what is not text', () => {
    expect(refusal(42)).toBe('The pairing link must be text');
    expect(refusal(null)).toBe('The pairing link must be text');
  });
});

describe('server address typed by hand', () => {
  it.each(['', '   ', 'not a url', 'coach.example.org'])(
    'refuses %j with a message instead of throwing',
    (input) => {
      const result = v.safeParse(ServerUrlSchema, input);
      expect(result.success).toBe(false);
      expect(result.issues?.[0]?.message).toMatch(/^Server URL must be a full address/);
    },
  );

  it('keeps the same rule as the link: https, or http for localhost', () => {
    expect(v.parse(ServerUrlSchema, 'http://localhost:3000/')).toBe('http://localhost:3000');
    expect(v.safeParse(ServerUrlSchema, 'http://coach.example.org').success).toBe(false);
  });
});
