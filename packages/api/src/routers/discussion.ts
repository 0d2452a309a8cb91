import { discussionOutput } from '../commands/discussion-view.ts';
import {
  cancelDiscussion,
  discussionTarget,
  holdDiscussion,
  holdDiscussionInput,
} from '../commands/move-discussion.ts';
import { scheduleDiscussion, scheduleDiscussionInput } from '../commands/schedule-discussion.ts';
import { personProcedure, router } from '../trpc.ts';

export const discussionRouter = router({
  /** Live discussion (SPEC 5): scheduled with time, attendees and agenda. */
  schedule: personProcedure
    .input(scheduleDiscussionInput)
    .output(discussionOutput)
    .mutation(scheduleDiscussion),
  hold: personProcedure.input(holdDiscussionInput).output(discussionOutput).mutation(holdDiscussion),
  cancel: personProcedure.input(discussionTarget).output(discussionOutput).mutation(cancelDiscussion),
});
