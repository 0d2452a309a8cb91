import { areaSchema, assertMayAddReviewer, DomainError } from '@signoff/core';
import { findPersonByEmail, addReviewer as insertReviewer } from '@signoff/db';
import { z } from 'zod';
import { reviewRefSchema } from '../review-schemas.ts';
import { emailSchema } from '../schemas.ts';
import { reviewCommand } from './review-command.ts';

export const addReviewerInput = z.object({ review: reviewRefSchema, area: areaSchema, email: emailSchema });
export const addReviewerOutput = z.object({ area: areaSchema, personId: z.number(), added: z.boolean() });

/** "Facilitators … will involve the appropriate reviewers." */
export const addReviewer = reviewCommand(
  'signOff.addReviewer',
  async ({ trx, audit, actor, review, ref }, input: z.infer<typeof addReviewerInput>) => {
    const person = await findPersonByEmail(trx, input.email);
    if (!person?.active)
      throw new DomainError('VALIDATION', `email: no active person ${input.email}`, { field: 'email' });
    assertMayAddReviewer({ actor, area: input.area, review: ref, reviewerId: person.id });
    const added = await insertReviewer(trx, {
      reviewId: review.id,
      area: input.area,
      personId: person.id,
      addedBy: actor.personId,
    });
    if (added)
      await audit({
        action: 'reviewer.added',
        reviewId: review.id,
        subject: `${review.key}:${input.area}`,
        after: { personId: person.id },
      });
    return { area: input.area, personId: person.id, added: added !== undefined };
  },
);
