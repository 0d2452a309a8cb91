export { resolvePrincipal } from './auth/resolve-principal.ts';
export { hashPassword, randomPassword } from './auth/secrets.ts';
export { DEFAULT_SIGN_IN_LIMITS, SignInLimiter, type SignInLimits } from './auth/sign-in-limiter.ts';
export * from './context.ts';
export { answerGate, checkCanShip, type GateAnswer, type GateItem, lookupByBug } from './gate.ts';
export { checkLanding, type LandingAnswer } from './landing.ts';
export { sendSignOffReminders } from './reminders.ts';
export { reviewRefSchema } from './review-schemas.ts';
export { type AppRouter, appRouter, createCaller } from './root.ts';
export {
  intakeInputSchema,
  intakeOutputSchema,
  landingAnswerSchema,
  landingQuerySchema,
} from './routers/classification.ts';
export { gateAnswerSchema, gateItemSchema } from './routers/gate.ts';
export { publicListInput, publicListOutput, publicReviewSchema } from './routers/transparency.ts';
export { exchangeSsoCode, finishSsoSignIn, type SsoIdentity, type SsoRoleMapping, s256 } from './sso.ts';
export { describeError, type FieldIssue, zodIssues } from './trpc.ts';
