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
import { type ChangeFeedCache, type Db, type LandingFactsRow, loadLandingFacts } from '@signoff/db';
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

/** A revision's landing facts: from the server's change-notified cache like list answers, else one query. */
export const landingFacts = (db: Db, ref: CodeRevisionRef, cache?: ChangeFeedCache<Principal>) =>
  cache
    ? cache.list(`land\n${ref.system}\n${ref.repository}\n${ref.revision}`, () => loadLandingFacts(db, ref))
    : loadLandingFacts(db, ref);

/**
 * "May this revision land?" (SPEC 14), served like the gate: the revision's facts and its linked review's
 * facts come from memory when the server caches; the rules are core's. Null for a revision never taken in.
 */
export async function checkLanding(
  db: Db,
  principal: Principal,
  ref: CodeRevisionRef,
  channel: Channel,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<LandingAnswer | null> {
  const facts = await landingFacts(db, ref, cache);
  if (!facts) return null;
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
    evaluatedAt: now.toISOString(),
  };
}
