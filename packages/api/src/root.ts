import { adminRouter } from './routers/admin.ts';
import { announcementRouter } from './routers/announcement.ts';
import { authRouter } from './routers/auth.ts';
import { classificationRouter } from './routers/classification.ts';
import { discussionRouter } from './routers/discussion.ts';
import { escalationRouter } from './routers/escalation.ts';
import { exportRouter } from './routers/export.ts';
import { gateRouter } from './routers/gate.ts';
import { gleanRouter } from './routers/glean.ts';
import { healthRouter } from './routers/health.ts';
import { inboxRouter } from './routers/inbox.ts';
import { mitigationRouter } from './routers/mitigation.ts';
import { outboxRouter } from './routers/outbox.ts';
import { renewalRouter } from './routers/renewal.ts';
import { reviewRouter } from './routers/review.ts';
import { signOffRouter } from './routers/sign-off.ts';
import { ssoRouter } from './routers/sso.ts';
import { stewardRouter } from './routers/steward.ts';
import { surveyRouter } from './routers/survey.ts';
import { transparencyRouter } from './routers/transparency.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  health: healthRouter,
  auth: authRouter,
  sso: ssoRouter,
  admin: adminRouter,
  review: reviewRouter,
  steward: stewardRouter,
  signOff: signOffRouter,
  mitigation: mitigationRouter,
  discussion: discussionRouter,
  announcement: announcementRouter,
  escalation: escalationRouter,
  gate: gateRouter,
  glean: gleanRouter,
  classification: classificationRouter,
  renewal: renewalRouter,
  survey: surveyRouter,
  transparency: transparencyRouter,
  export: exportRouter,
  outbox: outboxRouter,
  inbox: inboxRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
