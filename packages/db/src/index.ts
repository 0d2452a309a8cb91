export * from './access-tokens.ts';
export * from './audit.ts';
export * from './database.ts';
export * from './embedded-postgres.ts';
export * from './migrate.ts';
export * from './people.ts';
export * from './products.ts';
export * from './sign-in-throttle.ts';
