import type { RestRoute } from './rest.ts';

/** Every plain-JSON route under /api/v1. */
export const restRoutes = (): RestRoute[] => [];
