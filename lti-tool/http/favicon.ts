import { Router } from 'express';
import { iconSvg } from '../../shared/ui/brand-icon.ts';

/** The tool's icon, the extension's drawing (shared/ui/brand-icon.ts): browsers ask for it on every page. */
export const FAVICON_PATHS = ['/favicon.svg', '/favicon.ico'] as const;

export function faviconRoutes(): Router {
  const router = Router();
  const svg = iconSvg('colour', 32);
  // Chromium and Firefox take an SVG at /favicon.ico too, by its Content-Type.
  router.get([...FAVICON_PATHS], (_req, res) => {
    res.setHeader('Content-Type', 'image/svg+xml');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.send(svg);
  });
  return router;
}
