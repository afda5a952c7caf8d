import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../../shared/domain/errors.ts';
import {
  parseBootstrap,
  readBootstrap,
  serializeBootstrap,
  type BootstrapJson,
} from '../../../../lti-tool/web/bootstrap.ts';

const valid: BootstrapJson = {
  page: 'coach',
  sessionToken: 'abc.def.ghi',
  publicUrl: 'http://localhost:3000/',
  storageKey: 'u1-c1',
  user: { name: 'Casey' },
  context: { title: null },
};

describe('parseBootstrap', () => {
  it('accepts the shape the server renders and keeps only the origin of publicUrl', () => {
    const bootstrap = parseBootstrap(JSON.stringify(valid));
    expect(bootstrap).toEqual({ ...valid, publicUrl: 'http://localhost:3000', activity: null });
  });

  it('carries the activity a page was launched from, and refuses a malformed link key', () => {
    const activity = { linkKey: 'a1b2c3d4e5f6a7b8', moduleId: 'starter-calm-entry', title: 'A calm start' };
    expect(parseBootstrap(JSON.stringify({ ...valid, activity })).activity).toEqual(activity);
    expect(() =>
      parseBootstrap(JSON.stringify({ ...valid, activity: { ...activity, linkKey: '../x' } })),
    ).toThrow(/activity\.linkKey/);
  });

  it('names the missing field', () => {
    const { sessionToken: _omit, ...rest } = valid;
    expect(() => parseBootstrap(JSON.stringify(rest))).toThrow(/sessionToken/);
  });

  it.each([
    ['an unknown page', { ...valid, page: 'admin' }, /page/],
    ['a relative publicUrl', { ...valid, publicUrl: '/tool' }, /publicUrl/],
    ['an empty storageKey', { ...valid, storageKey: '' }, /storageKey/],
    ['a user without a name key', { ...valid, user: {} }, /user\.name/],
  ])('rejects %s', (_label, json, message) => {
    expect(() => parseBootstrap(JSON.stringify(json))).toThrow(message);
  });

  it('rejects text that is not JSON, and a missing element', () => {
    expect(() => parseBootstrap('{not json')).toThrow(DomainError);
    expect(() => parseBootstrap(null)).toThrow(DomainError);
  });

  it('rejects a bootstrap meant for the other page', () => {
    expect(() => parseBootstrap(JSON.stringify(valid), 'teacher')).toThrow(/page must be "teacher"/);
    expect(parseBootstrap(JSON.stringify(valid), 'coach').page).toBe('coach');
  });
});

describe('readBootstrap', () => {
  it('reads the #bootstrap script of a document', () => {
    const doc = document.implementation.createHTMLDocument('shell');
    doc.body.innerHTML = `<main id="app"></main><script type="application/json" id="bootstrap">${serializeBootstrap(valid)}</script>`;
    expect(readBootstrap(doc, 'coach').storageKey).toBe('u1-c1');
  });
});

describe('serializeBootstrap', () => {
  it('cannot close the script element, and round-trips', () => {
    const hostile: BootstrapJson = {
      ...valid,
      user: { name: '</script><script>alert(1)</script> & \u2028' },
    };
    const text = serializeBootstrap(hostile);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(parseBootstrap(text).user.name).toBe(hostile.user.name);

    const doc = document.implementation.createHTMLDocument('shell');
    doc.body.innerHTML = `<script type="application/json" id="bootstrap">${text}</script>`;
    expect(doc.querySelectorAll('script')).toHaveLength(1);
    expect(readBootstrap(doc).user.name).toBe(hostile.user.name);
  });
});
