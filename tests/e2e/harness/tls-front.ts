import { request } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';

export interface TlsFront {
  port: number;
  close(): Promise<void>;
}

/**
 * HTTPS in front of a local HTTP server, answering for several hostnames with one self-signed
 * certificate. Browsers treat https://a.test and https://b.test as different sites, and only
 * over HTTPS do SameSite=None; Secure cookies behave as they do in production.
 */
export async function startTlsFront(options: {
  hosts: string[];
  backendPort: number;
  /** Pages the front answers itself, by host + path (e.g. an LMS that never answers postMessages). */
  pages?: Record<string, string>;
}): Promise<TlsFront> {
  const pems = await selfsigned.generate([{ name: 'commonName', value: options.hosts[0]! }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: options.hosts.map((value) => ({ type: 2, value })) }],
  });
  const server: Server = createServer({ key: pems.private, cert: pems.cert }, (incoming, outgoing) => {
    const page = options.pages?.[`${incoming.headers.host}${incoming.url}`];
    if (page !== undefined) {
      outgoing.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      outgoing.end(page);
      return;
    }
    // Host, Origin and Sec-Fetch-* pass through unchanged: the tool checks them.
    const upstream = request(
      {
        host: '127.0.0.1',
        port: options.backendPort,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(`TLS front: ${error.message}`);
    });
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
