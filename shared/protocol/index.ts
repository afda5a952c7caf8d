export * from './api.ts';
export * from './sync.ts';
export * from './messages.ts';
export * from './paging.ts';
