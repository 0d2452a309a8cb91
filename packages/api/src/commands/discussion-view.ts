import { DISCUSSION_STATES } from '@signoff/core';
import type { insertDiscussion } from '@signoff/db';
import { z } from 'zod';

export const discussionOutput = z.object({
  id: z.number(),
  area: z.string().nullable(),
  state: z.enum(DISCUSSION_STATES),
  scheduledFor: z.string(),
});

export const discussionView = (d: Awaited<ReturnType<typeof insertDiscussion>>) => ({
  id: d.id,
  area: d.area,
  state: d.state,
  scheduledFor: d.scheduled_for.toISOString(),
});
