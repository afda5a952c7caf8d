import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../lti-tool/core/config.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'coaching-config-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const load = (EXTENSION_STORE_URL?: string) => loadConfig({ DATA_DIR: dataDir, EXTENSION_STORE_URL });

describe('EXTENSION_STORE_URL', () => {
  it('is optional: unset or blank means no store link', () => {
    expect(load().extensionStoreUrl).toBeNull();
    expect(load('').extensionStoreUrl).toBeNull();
    expect(load('   ').extensionStoreUrl).toBeNull();
  });

  it('takes an https address of a store listing', () => {
    const listing =
      'https://chromewebstore.google.com/detail/action-step-coach/abcdefghijklmnopabcdefghijklmnop';
    expect(load(listing).extensionStoreUrl).toBe(listing);
    expect(load(' https://addons.mozilla.org/firefox/addon/action-step-coach/ ').extensionStoreUrl).toBe(
      'https://addons.mozilla.org/firefox/addon/action-step-coach/',
    );
  });

  it.each([
    ['plain http', 'http://store.example/coach', /EXTENSION_STORE_URL must start with https:\/\//],
    ['javascript:', 'javascript:alert(1)', /EXTENSION_STORE_URL must start with https:\/\//],
    ['a bare host', 'chromewebstore.google.com', /EXTENSION_STORE_URL must start with https:\/\//],
    ['https with no host', 'https://', /EXTENSION_STORE_URL must be a full URL/],
  ])('refuses %s at start, naming the setting', (_label, value, message) => {
    expect(() => load(value)).toThrow(ConfigError);
    expect(() => load(value)).toThrow(message);
  });
});
