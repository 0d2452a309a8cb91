import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { reviewed, signOffs } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();
let cpo: Awaited<ReturnType<typeof person>>;
let ceo: Awaited<ReturnType<typeof person>>;
beforeAll(async () => {
  cpo = await person(t.db, 'cpo@example.com', { roles: ['cpo'] });
  ceo = await person(t.db, 'ceo@example.com', { roles: ['ceo'] });
});

const codes = async (review: string) =>
  (await c.proposer.caller.gate.canShip({ review, channel: 'release' })).blockers.map((b) => b.code);

/** A category 3 review where security rejected; the proposer escalates with the security facilitator. */
async function disputed() {
  const r = await reviewed(c, 3);
  await signOffs(c, r.key, {
    privacy_technical: 'approved',
    data: 'approved',
    legal_trust: 'approved',
    security: { decision: 'rejected', risk: 'medium', rationale: 'Too much.' },
  });
  await c.proposer.caller.announcement.recordManual({
    review: r.key,
    archiveLink: 'https://example.com/announce',
  });
  const e = await c.proposer.caller.escalation.open({
    review: r.key,
    facilitatorId: c.facilitators.security.id,
    areas: ['security'],
    question: 'Is the eTLD+1 collection acceptable with the proposed controls?',
  });
  return { r, e };
}

describe('escalation', () => {
  it('data requested changes, the owner decided proceed: legal/trust and security may decide (issue 14, hole 3)', async () => {
    const r = await reviewed(c, 3);
    await signOffs(c, r.key, {
      privacy_technical: 'approved',
      data: { decision: 'changes_requested', risk: 'medium', rationale: 'Drop the URL.' },
    });
    const legal = () =>
      c.facilitators.legal_trust.caller.signOff.record({
        review: r.key,
        area: 'legal_trust',
        risk: 'low',
        decision: 'approved',
        rationale: 'ok',
      });
    expect((await outcome(legal())).message).toContain('not yet approved: Data Review (Data).');
    const e = await c.proposer.caller.escalation.open({
      review: r.key,
      facilitatorId: c.facilitators.data.id,
      areas: ['data'],
      question: 'Is the URL needed?',
    });
    const target = { review: r.key, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Keep it.' });
    await c.facilitators.data.caller.escalation.writePaper({ ...target, body: 'Drop it.' });
    await c.facilitators.data.caller.escalation.share(target);
    const before = Date.now();
    await c.owner.caller.escalation.decide({
      ...target,
      decision: { decision: 'proceed', rationale: 'Keep it.' },
    });
    expect((await outcome(legal())).code).toBe('OK');
    // Who decided and when (issue 15).
    const [decided] = await c.proposer.caller.escalation.list({ review: r.key });
    expect(decided).toMatchObject({ decidedBy: c.owner.id, decidedByName: 'owner' });
    expect(Date.parse(decided?.decidedAt ?? '')).toBeGreaterThanOrEqual(before - 1000);
  });

  it('runs papers → share → comments → meeting → decision by the product owner; proceed resolves the area', async () => {
    const { r, e } = await disputed();
    expect(await codes(r.key)).toEqual(['SIGNOFF_REJECTED', 'ESCALATION_OPEN']);
    const target = { review: r.key, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship with eTLD+1 only.' });
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship with eTLD+1 only, 90 days.' });
    await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'Do not ship.' });
    // Before sharing, each party sees only its own draft.
    const before = await c.facilitators.security.caller.escalation.list({ review: r.key });
    expect(before[0]?.papers.map((p) => p.body)).toEqual(['Do not ship.']);
    // Comments wait for sharing; the decision too.
    expect((await outcome(c.proposer.caller.escalation.comment({ ...target, body: 'early' }))).code).toBe(
      'PRECONDITION_FAILED',
    );
    await c.facilitators.security.caller.escalation.share(target);
    // Papers are frozen once shared.
    const late = await outcome(
      c.proposer.caller.escalation.writePaper({ ...target, body: 'edit after sharing' }),
    );
    expect(late.code).toBe('PRECONDITION_FAILED');
    expect(late.message).toMatch(/shared/);
    await c.owner.caller.escalation.comment({ ...target, body: 'What does the 90 days buy us?' });
    // An outsider cannot comment.
    expect((await outcome(c.outsider.caller.escalation.comment({ ...target, body: 'me too' }))).code).toBe(
      'FORBIDDEN',
    );
    const m = await c.facilitators.security.caller.escalation.scheduleMeeting({
      ...target,
      scheduledAt: '2026-12-10T16:00:00Z',
      agenda: 'Decide.',
    });
    await c.facilitators.security.caller.escalation.recordMeeting({
      ...target,
      meetingId: m.id,
      notes: 'Agreed to defer to the owner.',
    });
    // Only the decision maker of the current level decides.
    expect(
      (
        await outcome(
          c.facilitators.security.caller.escalation.decide({
            ...target,
            decision: { decision: 'proceed', rationale: 'x' },
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await outcome(
          cpo.caller.escalation.decide({ ...target, decision: { decision: 'proceed', rationale: 'x' } }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    await c.owner.caller.escalation.decide({
      ...target,
      decision: { decision: 'proceed', rationale: 'The controls are enough.' },
    });
    expect(await codes(r.key)).toEqual([]);
    const list = await c.proposer.caller.escalation.list({ review: r.key });
    expect(list[0]).toMatchObject({ state: 'decided', decision: 'proceed', papersShared: true });
    expect(list[0]?.papers.map((p) => [p.body, p.version])).toEqual([
      ['Ship with eTLD+1 only, 90 days.', 2],
      ['Do not ship.', 1],
    ]);
    expect(list[0]?.comments.map((x) => x.body)).toEqual(['What does the 90 days buy us?']);
    expect(list[0]?.meetings[0]).toMatchObject({ state: 'held', notes: 'Agreed to defer to the owner.' });
    // Decided is final.
    expect(
      (
        await outcome(
          c.owner.caller.escalation.decide({
            ...target,
            decision: { decision: 'do_not_ship', rationale: 'x' },
          }),
        )
      ).code,
    ).toBe('PRECONDITION_FAILED');
  });

  it('raised to the CPO keeps the papers; then only the CPO decides; do_not_ship blocks for good', async () => {
    const { r, e } = await disputed();
    const target = { review: r.key, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Ship.' });
    await c.proposer.caller.escalation.share(target);
    expect((await outcome(c.proposer.caller.escalation.raise(target))).code).toBe('FORBIDDEN');
    const raised = await c.owner.caller.escalation.raise(target);
    expect(raised.level).toBe('cpo');
    expect(
      (
        await outcome(
          c.owner.caller.escalation.decide({ ...target, decision: { decision: 'proceed', rationale: 'x' } }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    const papers = (await cpo.caller.escalation.list({ review: r.key }))[0]?.papers.map((p) => p.body);
    expect(papers).toEqual(['Ship.']);
    await cpo.caller.escalation.decide({
      ...target,
      decision: { decision: 'do_not_ship', rationale: 'Not worth the risk.' },
    });
    expect(await codes(r.key)).toEqual(['SIGNOFF_REJECTED', 'DECISION_DO_NOT_SHIP']);
    expect(ceo.id).toBeGreaterThan(0);
  });

  it('proceed_with_mitigations creates the mitigations, which then block until accepted', async () => {
    const { r, e } = await disputed();
    const target = { review: r.key, escalationId: e.id };
    await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'Only with hashing.' });
    await c.facilitators.security.caller.escalation.share(target);
    const noMitigations = await outcome(
      c.owner.caller.escalation.decide({
        ...target,
        decision: { decision: 'proceed_with_mitigations', rationale: 'x' },
      }),
    );
    expect(noMitigations.code).toBe('BAD_REQUEST');
    const d = await c.owner.caller.escalation.decide({
      ...target,
      decision: {
        decision: 'proceed_with_mitigations',
        rationale: 'Proceed if the domain is hashed.',
        mitigations: [{ area: 'security', kind: 'technical_control', description: 'Hash the eTLD+1.' }],
      },
    });
    expect(d.mitigationIds).toHaveLength(1);
    expect(await codes(r.key)).toEqual(['MITIGATION_OPEN']);
  });

  it('refuses an escalation by an outsider, without areas, or naming someone who facilitates none of them', async () => {
    const r = await reviewed(c, 3);
    const base = {
      review: r.key,
      facilitatorId: c.facilitators.security.id,
      areas: ['security' as const],
      question: 'q',
    };
    expect((await outcome(c.outsider.caller.escalation.open(base))).code).toBe('FORBIDDEN');
    expect((await outcome(c.proposer.caller.escalation.open({ ...base, areas: [] }))).code).toBe(
      'BAD_REQUEST',
    );
    const wrong = await outcome(
      c.proposer.caller.escalation.open({ ...base, facilitatorId: c.facilitators.data.id }),
    );
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toMatch(/facilitate one of the disputed areas/);
    expect(await c.proposer.caller.escalation.list({ review: r.key })).toEqual([]);
  });
});
