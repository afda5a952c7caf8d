import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness/chromium.ts';
import { FIREFOX_EXTENSION_DIR } from './harness/firefox.ts';

// The built manifests (`npm run build:ext`, `npm run build:ext:firefox`): every icon they name is in
// the build, a PNG of the size it is listed at.

interface ThemeIcon {
  light: string;
  dark: string;
  size: number;
}
interface BuiltManifest {
  icons?: Record<string, string>;
  action?: { default_icon?: Record<string, string>; theme_icons?: ThemeIcon[] };
}

function readManifest(dir: string): BuiltManifest {
  const file = path.join(dir, 'manifest.json');
  if (!existsSync(file)) throw new Error(`Not built: ${file}. Run npm run build:ext and build:ext:firefox.`);
  return JSON.parse(readFileSync(file, 'utf8')) as BuiltManifest;
}

/** Width and height of the PNG at `file` inside the build (its IHDR chunk), after checking the signature. */
function pngSize(dir: string, file: string): { width: number; height: number } {
  const png = readFileSync(path.join(dir, file));
  expect(png.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Each `{ size: path }` entry is a PNG of that size. */
function expectSized(dir: string, icons: Record<string, string> | undefined): void {
  expect(icons).toBeDefined();
  for (const [size, file] of Object.entries(icons!)) {
    expect(pngSize(dir, file), file).toEqual({ width: Number(size), height: Number(size) });
  }
}

describe.each([
  ['Chromium', EXTENSION_DIR],
  ['Firefox', FIREFOX_EXTENSION_DIR],
])('the %s build', (browserName, dir) => {
  const manifest = readManifest(dir);

  it('names its icon at 16, 32, 48 and 128 px, each a PNG of that size in the build', () => {
    expect(Object.keys(manifest.icons ?? {})).toEqual(['16', '32', '48', '128']);
    expectSized(dir, manifest.icons);
  });

  it('gives the toolbar button its own icon at 16 and 32 px', () => {
    expect(Object.keys(manifest.action?.default_icon ?? {})).toEqual(['16', '32']);
    expectSized(dir, manifest.action?.default_icon);
  });

  if (browserName === 'Firefox') {
    it('gives Firefox a glyph for light toolbars and another for dark ones, at each size', () => {
      const themeIcons = manifest.action?.theme_icons ?? [];
      expect(themeIcons.map((icon) => icon.size)).toEqual([16, 32]);
      for (const { light, dark, size } of themeIcons) {
        expect(light).not.toBe(dark);
        expect(pngSize(dir, light)).toEqual({ width: size, height: size });
        expect(pngSize(dir, dark)).toEqual({ width: size, height: size });
      }
    });
  } else {
    it('has no theme_icons, which Chromium does not read', () => {
      expect(manifest.action?.theme_icons).toBeUndefined();
    });
  }
});
