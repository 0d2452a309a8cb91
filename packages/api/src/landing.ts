import {
  type Channel,
  type ClassificationState,
  type CodeRevisionRef,
  classificationState,
  isTaggedNeedsClassification,
  type LandingBlocker,
  type LinkedReviewVerdict,
  landingBlockers,
  metricsToClassify,
  suggestedLevel,
} from '@signoff/core';
import {
  type ChangeFeedCache,
  type Db,
  type LandingFactsRow,
  listCodeRevisionRefs,
  loadLandingFacts,
} from '@signoff/db';
import type { Principal } from './context.ts';
import { checkCanShip } from './gate.ts';

export type LandingClassification = 'not_needed' | 'needed' | 'low' | 'high' | 'unnecessary';

export interface LandingAnswer {
  system: string;
  repository: string;
  revision: string;
  channel: Channel;
  canLand: boolean;
  classification: LandingClassification;
  suggestedLevel: 'low' | 'high' | null;
  blockers: LandingBlocker[];
  review?: LinkedReviewVerdict;
  evaluatedAt: string;
}

/** `phabricator mozilla-central D123` as people write it. */
export const revisionLabel = (r: CodeRevisionRef) => `${r.revision} (${r.system} ${r.repository})`;

export const stateOfFacts = (
  f: Pick<LandingFactsRow, 'roundFingerprints' | 'assessments'>,
): ClassificationState =>
  classificationState(isTaggedNeedsClassification(f.roundFingerprints), f.assessments);

export const classificationOf = (s: ClassificationState): LandingClassification =>
  s.needsClassification ? 'needed' : (s.level ?? 'not_needed');

/**
 * "May this revision land?" (SPEC 14), served like the gate: with the server's cache, the revision's facts
 * are kept in memory until a committed change to a table they are read from (the revision's tables notify
 * 'signoff_lists_changed', migrations/0014), and the answer is worked out anew on every request from them
 * and the linked review's gate facts (kept the same way), with the request's time: a linked review whose
 * collection expires stops letting the revision land at that moment. The rules are core's. Null for a
 * revision never taken in.
 */
export async function checkLanding(
  db: Db,
  principal: Principal,
  ref: CodeRevisionRef,
  channel: Channel,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<LandingAnswer | null> {
  const facts = cache
    ? await cache.list(landingKey(ref), () => loadLandingFacts(db, ref), Number.POSITIVE_INFINITY, 'landing')
    : await loadLandingFacts(db, ref);
  if (!facts) return null;
  return {
    ...(await evaluateLanding(db, principal, facts, channel, now, cache)),
    evaluatedAt: now.toISOString(),
  };
}

const landingKey = (ref: CodeRevisionRef) => `land\n${ref.system}\n${ref.repository}\n${ref.revision}`;

/**
 * Loads every code revision's facts into the cache, so a landing check after start is answered from
 * memory like the gate. Run by the cache once every review's facts are in (ChangeFeedCache `warmAlso`);
 * a few revisions at a time so requests keep their share of the pool. Returns how many it loaded.
 */
export async function warmLandingFacts(db: Db, cache: ChangeFeedCache<Principal>): Promise<number> {
  const refs = await listCodeRevisionRefs(db);
  for (let i = 0; i < refs.length; i += 4)
    await Promise.all(
      refs
        .slice(i, i + 4)
        .map((ref) =>
          cache.list(landingKey(ref), () => loadLandingFacts(db, ref), Number.POSITIVE_INFINITY, 'landing'),
        ),
    );
  return refs.length;
}

async function evaluateLanding(
  db: Db,
  principal: Principal,
  facts: LandingFactsRow,
  channel: Channel,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<Omit<LandingAnswer, 'evaluatedAt'>> {
  const state = stateOfFacts(facts);
  let review: LinkedReviewVerdict | null = null;
  if (facts.reviewId !== null) {
    const [answer] = await checkCanShip(db, principal, [{ review: facts.reviewId, channel }], now, cache);
    if (answer && !('error' in answer))
      review = {
        key: `DR-${answer.reviewId}`,
        canShip: answer.canShip,
        blockers: answer.blockers.map((b) => ({
          code: b.code,
          message: b.message,
          ...(b.area ? { area: b.area } : {}),
        })),
      };
  }
  const stewards = facts.reviewers.filter((r) => r.dataSteward).map((r) => r.email);
  const blockers = landingBlockers({
    label: revisionLabel(facts),
    state,
    authorEmail: facts.authorEmail,
    reviewerEmails: facts.reviewers.filter((r) => !r.dataSteward).map((r) => r.email),
    stewardEmails: stewards,
    channel,
    review,
  });
  return {
    system: facts.system,
    repository: facts.repository,
    revision: facts.revision,
    channel,
    canLand: blockers.length === 0,
    classification: classificationOf(state),
    suggestedLevel: suggestedLevel(metricsToClassify(facts.metrics)),
    blockers,
    ...(review ? { review } : {}),
  };
}
