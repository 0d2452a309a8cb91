import { composeAnnouncement, DomainError, isSensitiveCategory } from '@signoff/core';
import { type Db, type ReviewRow, reviewChannels } from '@signoff/db';
import { z } from 'zod';
import type { Context } from '../context.ts';
import { reviewLink } from '../notify.ts';
import { currentForm, productName } from '../review-view.ts';

export const mailOutput = z.object({ to: z.array(z.string()), subject: z.string(), text: z.string() });

/** The announcement composed from the current documentation (category 3/4 only: SPEC 8). */
export async function composeReviewAnnouncement(db: Db, ctx: Context, row: ReviewRow) {
  if (row.category === null || !isSensitiveCategory(row.category))
    throw new DomainError(
      'RULE_VIOLATION',
      `${row.key} is not category 3 or 4; no announcement is required.`,
      { current: row.category },
    );
  const [form, channels, product] = await Promise.all([
    currentForm(db, row),
    reviewChannels(db, row.id),
    productName(db, row.product_id),
  ]);
  return composeAnnouncement(
    {
      key: row.key,
      title: row.title,
      productName: product,
      category: row.category,
      channels: channels.map((c) => ({
        channel: c.channel,
        defaultState: c.default_state,
      })),
      runsInExperiments: row.runs_in_experiments,
      form,
      link: reviewLink(ctx, row.key),
    },
    ctx.settings.announcementList,
  );
}
