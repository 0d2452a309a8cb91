export * from './backoff.ts';
export * from './delivery-status.ts';
export * from './delivery-worker.ts';
export * from './smtp-errors.ts';
