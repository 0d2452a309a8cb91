import {
  assertMayDecideEscalation,
  assertReadyForDecision,
  escalationDecisionSchema,
  mitigationsSuperseded,
} from '@signoff/core';
import { insertMitigation, listMitigations, updateEscalation, updateMitigation } from '@signoff/db';
import { z } from 'zod';
import { notifySignOffTurns, stepsOfReview } from '../notify.ts';
import {
  announceStep,
  escalationCommand,
  escalationSummary,
  escalationTarget,
  summaryOfEscalation,
} from './escalation-step.ts';

export const decideEscalationInput = escalationTarget.extend({ decision: escalationDecisionSchema });
export const decideEscalationOutput = escalationSummary.extend({ mitigationIds: z.array(z.number()) });

/** Step 4: the decision maker of the current level decides; proceed_with_mitigations creates them. */
export const decideEscalation = escalationCommand(
  'escalation.decide',
  async (
    { ctx, trx, audit, actor, review, escalation, process: p, parties },
    input: z.infer<typeof decideEscalationInput>,
  ) => {
    assertMayDecideEscalation({
      actor,
      escalation: p,
      productOwnerId: parties.productOwnerId,
      review: parties.review,
    });
    assertReadyForDecision(p);
    const before = await stepsOfReview(trx, ctx, review.id);
    const d = input.decision;
    const e = await updateEscalation(trx, escalation.id, {
      state: 'decided',
      decision: d.decision,
      rationale: d.rationale,
      decided_by: actor.personId,
      decided_at: ctx.now(),
    });
    // The open mitigations the decision supersedes are closed with it (checked before anything is written).
    const superseded = mitigationsSuperseded(
      d.supersedes,
      { areas: escalation.areas },
      (await listMitigations(trx, review.id)).map((m) => ({
        id: m.id,
        area: m.area,
        state: m.state,
      })),
    );
    const mitigationIds: number[] = [];
    if (d.decision === 'proceed_with_mitigations')
      for (const m of d.mitigations) {
        const row = await insertMitigation(trx, {
          reviewId: review.id,
          area: m.area,
          kind: m.kind,
          description: m.description,
          state: 'requested',
          createdBy: actor.personId,
          at: ctx.now(),
          escalationId: e.id,
        });
        mitigationIds.push(row.id);
      }
    for (const id of superseded) {
      const closed = await updateMitigation(
        trx,
        id,
        {
          state: 'withdrawn',
          decision_note: `Superseded by the escalation decision (${d.decision.replaceAll('_', ' ')}).`,
          decided_by: actor.personId,
        },
        ctx.now(),
      );
      await audit({
        action: 'mitigation.superseded',
        reviewId: review.id,
        subject: `${review.key}:mitigation:${id}`,
        before: { state: 'open' },
        after: { state: closed.state, escalationId: e.id, note: closed.decision_note },
      });
    }
    await announceStep(trx, ctx, review, e, `decided: ${d.decision.replaceAll('_', ' ')}`);
    // `proceed` resolves the disputed areas: a sign-off that waited for them may be taken now.
    await notifySignOffTurns(trx, ctx, review, before);
    await audit({
      action: 'escalation.decided',
      before: { state: 'open', level: p.level },
      after: { ...summaryOfEscalation(e), mitigationIds, supersededMitigationIds: superseded },
    });
    return { ...summaryOfEscalation(e), mitigationIds };
  },
);
