import {
  CHANNELS,
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
 * "May this revision land?" (SPEC 14), served like the gate: with the server's cache, the whole answer is
 * kept like a list answer, until a committed change to a table it reads (the revision's, and every table
 * behind a review's gate facts notifies 'signoff_lists_changed' too, migrations/0011, 0013, 0014) and at most a
 * minute (a linked review's collection may expire). The rules are core's. Null for a revision never taken in.
 */
export async function checkLanding(
  db: Db,
  principal: Principal,
  ref: CodeRevisionRef,
  channel: Channel,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<LandingAnswer | null> {
  const load = () => evaluateLanding(db, principal, ref, channel, now, cache);
  // A token sees every linked review; a person only those they may see.
  const who = principal.kind === 'person' ? `person:${principal.id}` : principal.kind;
  const answer = cache
    ? await cache.list(
        `land\n${who}\n${channel}\n${ref.system}\n${ref.repository}\n${ref.revision}`,
        load,
        60_000,
        'landing',
      )
    : await load();
  return answer && { ...answer, evaluatedAt: now.toISOString() };
}

/** Whom the warmed answers are for: a gate token (`gate:read`), which sees every linked review. */
const WARMING_PRINCIPAL: Principal = { kind: 'token', tokenId: 0, personId: 0, scopes: ['gate:read'] };

/**
 * Loads every code revision's landing answer, on each channel, for gate tokens (what CI asks with), so
 * a landing check after start is answered from memory like the gate. Run by the cache once every
 * review's facts are in (ChangeFeedCache `warmAlso`); a few revisions at a time so requests keep their
 * share of the pool.
 */
export async function warmLandingAnswers(db: Db, cache: ChangeFeedCache<Principal>, now = () => new Date()) {
  const refs = await listCodeRevisionRefs(db);
  const pairs = refs.flatMap((ref) => CHANNELS.map((channel) => ({ ref, channel })));
  for (let i = 0; i < pairs.length; i += 4)
    await Promise.all(
      pairs
        .slice(i, i + 4)
        .map(({ ref, channel }) => checkLanding(db, WARMING_PRINCIPAL, ref, channel, now(), cache)),
    );
  return pairs.length;
}

async function evaluateLanding(
  db: Db,
  principal: Principal,
  ref: CodeRevisionRef,
  channel: Channel,
  now: Date,
  cache?: ChangeFeedCache<Principal>,
): Promise<Omit<LandingAnswer, 'evaluatedAt'> | null> {
  const facts = await loadLandingFacts(db, ref);
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
  };
}
