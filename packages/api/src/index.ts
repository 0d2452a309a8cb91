export { resolvePrincipal } from './auth/resolve-principal.ts';
export { hashPassword, randomPassword } from './auth/secrets.ts';
export * from './context.ts';
export { checkCanShip, type GateAnswer, type GateItem, lookupByBug } from './gate.ts';
export { sendSignOffReminders } from './reminders.ts';
export { reviewRefSchema } from './review-schemas.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
export { gateAnswerSchema, gateItemSchema } from './routers/gate.ts';
export { describeError, type FieldIssue, zodIssues } from './trpc.ts';
