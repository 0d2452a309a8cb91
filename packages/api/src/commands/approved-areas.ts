import { areasApproved } from '@signoff/core';
import { type Db, listSignOffs, setApprovedAreas } from '@signoff/db';
import { signOffFacts } from './sign-off-view.ts';

/**
 * `reviews.approved_areas` holds core's `areasApproved` for lists and inboxes, which ask it of thousands of
 * reviews at once. Every command that records a sign-off or a documentation revision stores it again, in its
 * own transaction after its write (migrations/0026 dropped the triggers that kept it in SQL).
 */
export async function storeApprovedAreas(trx: Db, reviewId: number, currentRevision: number): Promise<void> {
  const areas = areasApproved(signOffFacts(await listSignOffs(trx, reviewId)), currentRevision);
  await setApprovedAreas(trx, reviewId, areas);
}
