/**
 * The product's icon, drawn once as SVG: three steps rising to the right with a tick above them
 * ("your step, done"). `npm run icons` (build/render-icons.ts) renders it to the PNGs in
 * extension/public/icon/, which wxt.config.ts names in the manifest; the tool serves the same
 * drawing as its favicon (lti-tool/http/favicon.ts).
 *
 * - `colour`: white steps on a blue rounded square. The extension's icon everywhere, and Chromium's
 *   toolbar icon (one image for light and dark toolbars: the square carries its own background).
 * - `toolbar-light` / `toolbar-dark`: the bare glyph, dark for light toolbars and light for dark
 *   ones, as Firefox's `theme_icons` (its own toolbar icons are single-colour glyphs).
 */
export type IconVariant = 'colour' | 'toolbar-light' | 'toolbar-dark';

/** Every size the colour icon is rendered at: toolbar (16, 32), management pages (48), store (128). */
export const ICON_SIZES = [16, 32, 48, 128] as const;
/** Toolbar glyphs: 16 px, and 32 px for 2× screens. */
export const TOOLBAR_ICON_SIZES = [16, 32] as const;

const BLUE = '#0b57d0';
const WHITE = '#ffffff';
/** The text colours of shared/ui/tokens.css, light and dark. */
const DARK_GLYPH = '#1f1f1f';
const LIGHT_GLYPH = '#e3e3e3';

/** Path of an icon inside the built extension (and under extension/public/). */
export function iconFile(variant: IconVariant, size: number): string {
  return variant === 'colour' ? `icon/${size}.png` : `icon/${variant}-${size}.png`;
}

/** `{ size: path }` for the manifest's `icons` (every size) and `action.default_icon` (toolbar sizes). */
export function colourIcons(sizes: readonly number[] = ICON_SIZES): Record<string, string> {
  return Object.fromEntries(sizes.map((size) => [String(size), iconFile('colour', size)]));
}

/** Firefox's `action.theme_icons`: `light` is shown on light toolbars, `dark` on dark ones. */
export function themeIcons(): { light: string; dark: string; size: number }[] {
  return TOOLBAR_ICON_SIZES.map((size) => ({
    light: iconFile('toolbar-light', size),
    dark: iconFile('toolbar-dark', size),
    size,
  }));
}

/*
 * Drawn on a 16-unit grid, one unit a pixel at 16 px, so every edge of the square and of the steps
 * falls on a pixel boundary at 16, 32 and 48 px (and at 128, where the square is 96 px): a solid
 * staircase of three 3 × 3 treads rising to the right, and a tick in the empty corner above it,
 * clear of the steps by at least a pixel.
 */
const STAIRS = 'M4 14 V12 H7 V9 H10 V6 H13 V14 Z';
const TICK = 'M3 5.5 L5 7.5 L8.5 3';
const TICK_WIDTH = 2;

function glyph(colour: string): string {
  return (
    `<path d="${STAIRS}" fill="${colour}"/>` +
    `<path d="${TICK}" fill="none" stroke="${colour}" stroke-width="${TICK_WIDTH}" ` +
    `stroke-linecap="round" stroke-linejoin="round"/>`
  );
}

/**
 * The SVG for one variant at one size. Up to 48 px the square fills the icon (a toolbar icon has
 * no room to spare); at 128 px it keeps the 16 px margin the Chrome Web Store asks around 96 px
 * artwork.
 */
export function iconSvg(variant: IconVariant, size: number): string {
  const open = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`;
  if (variant !== 'colour') {
    const colour = variant === 'toolbar-light' ? DARK_GLYPH : LIGHT_GLYPH;
    return `${open}<g transform="scale(${size / 16})">${glyph(colour)}</g></svg>`;
  }
  const margin = size >= 128 ? size / 8 : 0;
  const scale = (size - 2 * margin) / 16;
  return (
    `${open}<g transform="translate(${margin} ${margin}) scale(${scale})">` +
    `<rect width="16" height="16" rx="3.5" fill="${BLUE}"/>${glyph(WHITE)}</g></svg>`
  );
}
