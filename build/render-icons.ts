import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import {
  ICON_SIZES,
  TOOLBAR_ICON_SIZES,
  iconFile,
  iconSvg,
  type IconVariant,
} from '../shared/ui/brand-icon.ts';

/** extension/public/: WXT copies it as is into each build. */
export const PUBLIC_DIR = path.resolve(import.meta.dirname, '../extension/public');

/** Every PNG the manifest names: the colour icon at each size, the two toolbar glyphs at 16 and 32. */
export function iconRenders(): { variant: IconVariant; size: number; file: string }[] {
  const renders: { variant: IconVariant; size: number; file: string }[] = [];
  for (const size of ICON_SIZES) renders.push({ variant: 'colour', size, file: iconFile('colour', size) });
  for (const variant of ['toolbar-light', 'toolbar-dark'] as const) {
    for (const size of TOOLBAR_ICON_SIZES) renders.push({ variant, size, file: iconFile(variant, size) });
  }
  return renders;
}

/** The PNG for one icon, drawn at its own size (not scaled down from 128). */
export function renderIcon(variant: IconVariant, size: number): Buffer {
  return new Resvg(iconSvg(variant, size), { fitTo: { mode: 'original' } }).render().asPng();
}

// `npm run icons`: regenerates every PNG. tests/unit/build/icons.test.ts checks they are current.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  for (const { variant, size, file } of iconRenders()) {
    const target = path.join(PUBLIC_DIR, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, renderIcon(variant, size));
    console.log(`wrote extension/public/${file}`);
  }
}
