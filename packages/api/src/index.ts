export { resolvePrincipal } from './auth/resolve-principal.ts';
export { hashPassword, randomPassword } from './auth/secrets.ts';
export * from './context.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
export { describeError, type FieldIssue, zodIssues } from './trpc.ts';
