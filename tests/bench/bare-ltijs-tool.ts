/**
 * The baseline for the launch benchmark: a bare ltijs 5.9.9 tool as its README sets one up,
 * on SQLite through ltijs-sequelize, default routes (app '/', login '/login', keys '/keys'),
 * devMode off, and a hello-world page from onConnect. Its own process, because ltijs is a
 * process-wide singleton and our tool loads it too. Started by tool-process.ts.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Express, Request, Response } from 'express';
import { readSettings, runToolChild } from './tool-child.ts';

const require = createRequire(import.meta.url);

/** The parts of ltijs 5.9.9 this baseline uses (@types/ltijs describes v4). */
interface Ltijs {
  setup(key: string, database: { plugin: unknown }, options: Record<string, unknown>): Ltijs;
  onConnect(callback: (token: unknown, req: Request, res: Response) => unknown): true;
  deploy(options: { serverless: true; silent: boolean }): Promise<boolean>;
  registerPlatform(platform: Record<string, unknown>): Promise<unknown>;
  close(options: { silent: boolean }): Promise<boolean>;
  app: Express;
}

const settings = readSettings();

await runToolChild(async () => {
  const lti = require('ltijs').Provider as Ltijs;
  const SequelizePlugin = require('ltijs-sequelize') as new (
    database: string,
    user: string,
    pass: string,
    options: Record<string, unknown>,
  ) => unknown;
  const plugin = new SequelizePlugin('ltijs', '', '', {
    dialect: 'sqlite',
    storage: path.join(settings.dataDir, 'ltijs.sqlite'),
    logging: false,
  });
  lti.setup(
    randomBytes(32).toString('hex'),
    { plugin },
    { appRoute: '/', loginRoute: '/login', keysetRoute: '/keys', devMode: false },
  );
  lti.onConnect((_token, _req, res) =>
    res.send('<!doctype html><html><head><title>Hello</title></head><body><p>Hello, world</p></body></html>'),
  );
  // Serverless only so it listens on loopback alone; the app is ltijs's own Express app, unchanged.
  await lti.deploy({ serverless: true, silent: true });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = lti.app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.once('error', reject);
  });
  const { registration } = settings;
  await lti.registerPlatform({
    url: registration.issuer,
    name: registration.name,
    clientId: registration.clientId,
    authenticationEndpoint: registration.authUrl,
    accesstokenEndpoint: registration.tokenUrl,
    authConfig: { method: 'JWK_SET', key: registration.jwksUrl },
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await lti.close({ silent: true });
    },
  };
});
