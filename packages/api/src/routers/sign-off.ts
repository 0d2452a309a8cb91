import { addReviewer, addReviewerInput, addReviewerOutput } from '../commands/add-reviewer.ts';
import { commentOnArea, commentOnAreaInput, commentOnAreaOutput } from '../commands/comment-on-area.ts';
import { reconfirmSignOff, reconfirmSignOffInput } from '../commands/reconfirm-sign-off.ts';
import { recordSignOff, recordSignOffInput } from '../commands/record-sign-off.ts';
import { signOffViewSchema } from '../review-schemas.ts';
import { personProcedure, router } from '../trpc.ts';

export const signOffRouter = router({
  /** A facilitator records the area's decision on the current revision (SPEC 5). */
  record: personProcedure.input(recordSignOffInput).output(signOffViewSchema).mutation(recordSignOff),
  /** One action: carry a stale sign-off to the current revision unchanged. */
  reconfirm: personProcedure
    .input(reconfirmSignOffInput)
    .output(signOffViewSchema)
    .mutation(reconfirmSignOff),
  addReviewer: personProcedure.input(addReviewerInput).output(addReviewerOutput).mutation(addReviewer),
  comment: personProcedure.input(commentOnAreaInput).output(commentOnAreaOutput).mutation(commentOnArea),
});
