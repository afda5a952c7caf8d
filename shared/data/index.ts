export * from './ports.ts';
export * from './errors.ts';
export * from './db.ts';
export * from './meta.ts';
export * from './outbox.ts';
export * from './repositories/action-steps.ts';
export * from './sync-client.ts';
export * from './http-transport.ts';
