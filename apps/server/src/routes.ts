import { codeReviewRoutes } from './code-review-routes.ts';
import { gateRoutes } from './gate-routes.ts';
import { openApiRoutes } from './openapi.ts';
import { publicRoutes } from './public-routes.ts';
import type { RestRoute } from './rest.ts';

/** Every plain-JSON route under /api/v1. */
export const restRoutes = (): RestRoute[] => [
  ...gateRoutes(),
  ...codeReviewRoutes(),
  ...openApiRoutes(),
  ...publicRoutes(),
];
