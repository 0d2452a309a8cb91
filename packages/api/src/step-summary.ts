import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OpenStepForm, stepLabel, stepSummary, waitsOnLabels } from '@signoff/core';
import {
  type Db,
  freshenReviewSteps,
  loadStepInputs,
  type ReviewHead,
  readFreshSteps,
  reviewIdsSource,
  type StepInputs,
  type StoredSummary,
  storeReviewSteps,
} from '@signoff/db';
import type { RawBuilder } from 'kysely';

/**
 * The rules the stored summaries were computed by (migrations/0034 `rules_version`): a hash of core's own files,
 * so a changed core recomputes every summary on its first read, with nobody to remember to bump a number.
 */
export const STEP_RULES_VERSION: string = (() => {
  const hash = createHash('sha256');
  try {
    const dir = dirname(fileURLToPath(import.meta.resolve('@signoff/core')));
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort())
      if (/\.(ts|js)$/.test(f)) hash.update(f).update(readFileSync(`${dir}/${f}`));
  } catch {
    hash.update('core');
  }
  return hash.digest('hex').slice(0, 16);
})();

/** When a step began to wait (the inbox's "waiting since"), from the review's head and its records. */
function waitingSince(
  inputs: StepInputs,
  h: ReviewHead,
  s: Pick<OpenStepForm, 'action' | 'mitigationId' | 'escalationId' | 'renewalId'>,
): Date {
  if (s.mitigationId !== undefined) return inputs.mitigationAt.get(s.mitigationId) ?? h.updatedAt;
  if (s.renewalId !== undefined) {
    // Trust and Legal's answer waits from the steward's question; the steward's review from the answer, else
    // from the request.
    const n = inputs.renewalAt.get(s.renewalId);
    if (!n) return h.updatedAt;
    return (s.action === 'answer_renewal_legal_trust' ? n.askedAt : n.answeredAt) ?? n.requestedAt;
  }
  if (s.escalationId !== undefined) return inputs.escalationAt.get(s.escalationId) ?? h.updatedAt;
  switch (s.action) {
    case 'submit':
      return h.createdAt;
    case 'record_steward_review':
      return h.submittedAt ?? h.updatedAt;
    case 'reconfirm_sign_off':
      return h.revisionAt ?? h.updatedAt;
    case 'record_sign_off':
    case 'announce':
    case 'deliver_announcement':
    case 'hold_discussion':
      return h.sensitiveReviewAt ?? h.submittedAt ?? h.updatedAt;
    default:
      return h.updatedAt;
  }
}

/** Core's stepSummary of each review of `ids` at `now`, with its words and waiting times, to store. */
export async function computeStepSummaries(
  trx: Db,
  ids: readonly number[],
  now: Date,
): Promise<StoredSummary[]> {
  const inputs = await loadStepInputs(trx, reviewIdsSource(ids), { facts: true, since: true });
  return ids.map((reviewId) => {
    const facts = inputs.facts.get(reviewId);
    const people = inputs.people.get(reviewId);
    const head = inputs.heads.get(reviewId);
    if (!facts || !people || !head) return { reviewId, validUntil: null, steps: [] };
    const summary = stepSummary(facts, people, now);
    return {
      reviewId,
      validUntil: summary.validUntil,
      steps: summary.steps.map((s) => ({
        action: s.action,
        area: s.area ?? null,
        mitigationId: s.mitigationId ?? null,
        escalationId: s.escalationId ?? null,
        blocker: s.blocker ?? null,
        ready: s.ready,
        waitsFor: s.waitsFor,
        ownerRole: s.owner.role,
        ownerArea: s.owner.area ?? null,
        ownerIds: s.owner.form.ids,
        ownerRoles: s.owner.form.roles,
        exceptIds: s.owner.form.exceptIds,
        exceptRoles: s.owner.form.exceptRoles,
        label: stepLabel(s, facts),
        waitsOn: waitsOnLabels(s),
        waitingSince: waitingSince(inputs, head, s),
      })),
    };
  });
}

/** The command pipeline's hook (write.ts): the summaries of the reviews a command wrote, in its transaction. */
export async function storeStepSummaries(trx: Db, ids: readonly number[], now: Date): Promise<void> {
  if (ids.length)
    await storeReviewSteps(trx, await computeStepSummaries(trx, ids, now), STEP_RULES_VERSION, now);
}

/** Before a read of the summaries at `now`: every summary dirty, past its valid-until or by other rules, computed. */
export const freshStepSummaries = (db: Db, now: Date): Promise<void> =>
  freshenReviewSteps(db, now, STEP_RULES_VERSION, (trx, ids) => computeStepSummaries(trx, ids, now));

/**
 * A read of the stored summaries at `now` (its column `steps_stale` selects `stale`), in one round trip when none
 * is stale, else again once every stale summary is computed.
 */
export const readFreshStepSummaries = <R extends { steps_stale: boolean }>(
  db: Db,
  now: Date,
  read: (stale: RawBuilder<boolean>) => Promise<R[]>,
): Promise<R[]> => readFreshSteps(db, now, STEP_RULES_VERSION, () => freshStepSummaries(db, now), read);
