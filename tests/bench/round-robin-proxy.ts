/**
 * The small balancer in front of two tool instances in the scale and soak benches, doing what
 * compose.yaml's Caddy does: round robin, X-Forwarded-For, and a passive health check (an
 * instance that refuses a connection is skipped for a while and the request goes to the next).
 * A request an instance dropped after taking it is answered 502, never retried: it may have
 * been applied.
 *
 * Bodies are read whole before forwarding (the benches send small ones), which is what lets a
 * refused request be sent again to the other instance.
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How long an instance that refused a connection is left out. */
const DOWN_FOR_MS = 2000;

export interface RoundRobinProxy {
  readonly origin: string;
  /** Requests each upstream was sent, and those answered 502 because one dropped them. */
  readonly counts: { sent: number[]; dropped: number };
  close(): Promise<void>;
}

interface Upstream {
  host: string;
  port: number;
  downUntil: number;
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRoundRobinProxy(
  port: number,
  upstreamOrigins: readonly string[],
): Promise<RoundRobinProxy> {
  const upstreams: Upstream[] = upstreamOrigins.map((origin) => {
    const url = new URL(origin);
    return { host: url.hostname, port: Number(url.port), downUntil: 0 };
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const counts = { sent: upstreams.map(() => 0), dropped: 0 };
  let next = 0;

  const pick = (tried: Set<Upstream>): Upstream | null => {
    const now = Date.now();
    for (let i = 0; i < upstreams.length; i += 1) {
      const upstream = upstreams[(next + i) % upstreams.length]!;
      if (tried.has(upstream) || upstream.downUntil > now) continue;
      next = (upstreams.indexOf(upstream) + 1) % upstreams.length;
      return upstream;
    }
    return null;
  };

  const forward = (req: IncomingMessage, res: ServerResponse, body: Buffer, tried: Set<Upstream>) => {
    const upstream = pick(tried);
    if (!upstream) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('no instance is up');
      return;
    }
    tried.add(upstream);
    counts.sent[upstreams.indexOf(upstream)]! += 1;
    const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' };
    const upstreamRequest = request(
      { host: upstream.host, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once('error', () => res.destroy());
      },
    );
    upstreamRequest.once('error', (error: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error.code === 'ECONNREFUSED') {
        // Nothing reached it: safe to send to the next one.
        upstream.downUntil = Date.now() + DOWN_FOR_MS;
        forward(req, res, body, tried);
        return;
      }
      counts.dropped += 1;
      res
        .writeHead(502, { 'content-type': 'text/plain' })
        .end(`the instance dropped the request (${error.code})`);
    });
    upstreamRequest.end(body);
  };

  const server = createServer((req, res) => {
    bodyOf(req).then(
      (body) => forward(req, res, body, new Set()),
      () => res.destroy(),
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
