import { timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Metrics } from './metrics.ts';
import { readiness, type ReadinessDeps } from './readiness.ts';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * For the platform the tool runs on: `/healthz` (the process answers), `/readyz` (it should be
 * sent requests) and `/metrics` (Prometheus, only with `Authorization: Bearer <METRICS_TOKEN>`;
 * absent, a 404, when METRICS_TOKEN is unset).
 */
export function opsRoutes(deps: {
  readiness: ReadinessDeps;
  metrics: Metrics;
  metricsToken: string | null;
}): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res, next) => {
    readiness(deps.readiness)
      .then((answer) => {
        res.setHeader('Cache-Control', 'no-store');
        res.status(answer.status === 'ready' ? 200 : 503).json(answer);
      })
      .catch(next);
  });
  router.get('/metrics', (req, res, next) => {
    const token = deps.metricsToken;
    if (!token) {
      res.status(404).json({ error: { code: 'not-found', message: 'Metrics are off: set METRICS_TOKEN.' } });
      return;
    }
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(given, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: { code: 'unauthenticated', message: 'Metrics need METRICS_TOKEN.' } });
      return;
    }
    deps.metrics.registry
      .metrics()
      .then((text) => {
        res.setHeader('Content-Type', deps.metrics.registry.contentType);
        res.setHeader('Cache-Control', 'no-store');
        res.send(text);
      })
      .catch(next);
  });
  return router;
}

/** Times every answer for `coaching_http_request_duration_seconds`, by the route that matched. */
export function requestTiming(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // The route's pattern (never its ids), so the label set stays small.
      const route = req.route
        ? `${req.baseUrl}${String((req.route as { path: unknown }).path)}`
        : req.path.startsWith('/assets/')
          ? '/assets/*'
          : 'other';
      metrics.request(req.method, route, res.statusCode, seconds);
    });
    next();
  };
}
