// @vitest-environment node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_DIR, iconRenders, renderIcon } from '../../../build/render-icons.ts';
import { colourIcons, iconSvg, themeIcons } from '../../../shared/ui/brand-icon.ts';

/** Width and height from a PNG's IHDR chunk (bytes 16-23), after checking its signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the icon set', () => {
  it.each(iconRenders())(
    'extension/public/$file is the artwork as rendered now ($size px)',
    ({ variant, size, file }) => {
      const committed = readFileSync(path.join(PUBLIC_DIR, file));
      expect(pngSize(committed)).toEqual({ width: size, height: size });
      // Fails when the artwork changed and `npm run icons` was not run.
      expect(committed.equals(renderIcon(variant, size))).toBe(true);
    },
  );

  it('names a file for every size the manifest lists, and Firefox gets a light and a dark glyph per size', () => {
    expect(Object.keys(colourIcons())).toEqual(['16', '32', '48', '128']);
    const rendered = new Set(iconRenders().map((render) => render.file));
    for (const file of Object.values(colourIcons())) expect(rendered).toContain(file);
    for (const { light, dark, size } of themeIcons()) {
      expect(rendered).toContain(light);
      expect(rendered).toContain(dark);
      expect(light).not.toBe(dark);
      expect(light).toContain(String(size));
    }
  });

  it('draws the toolbar glyphs dark for light toolbars and light for dark ones', () => {
    const fill = (svg: string) => /fill="(#[0-9a-f]{6})"/.exec(svg)?.[1];
    const luminance = (hex: string) => parseInt(hex.slice(1, 3), 16);
    expect(luminance(fill(iconSvg('toolbar-light', 16))!)).toBeLessThan(64);
    expect(luminance(fill(iconSvg('toolbar-dark', 16))!)).toBeGreaterThan(192);
  });
});
