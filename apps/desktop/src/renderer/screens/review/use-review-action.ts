import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api.ts';

/** A mutation that refreshes every review query (page, lists), escalations and the inbox once it succeeds. */
export function useReviewAction<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries(trpc.review.pathFilter()),
        queryClient.invalidateQueries(trpc.escalation.pathFilter()),
        queryClient.invalidateQueries(trpc.inbox.pathFilter()),
      ]),
  });
}
