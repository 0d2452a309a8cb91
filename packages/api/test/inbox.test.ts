import { createCaller, createContextInner, resolvePrincipal } from '@signoff/api';
import type { Database } from '@signoff/db';
import { Kysely, PostgresDialect } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { createTestDatabase } from '../../../test/database.ts';
import {
  cast,
  completeForm,
  dataReview,
  escalateSecurity,
  type Person,
  reviewed,
  signOffs,
  submittedReview,
} from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();
let cpo: Person;
beforeAll(async () => {
  cpo = await person(t.db, 'cpo@example.com', { roles: ['cpo'] });
});

/** A caller for `who` on a database handle that counts the SQL statements it runs, at a chosen time. */
async function counted(who: Person, now = new Date()) {
  let statements = 0;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: t.pool }),
    log: (e) => {
      if (e.level === 'query') statements++;
    },
  });
  const principal = await resolvePrincipal(t.db, `Bearer ${who.token}`, new Date());
  const caller = createCaller(createContextInner({ db, principal, now: () => now }));
  return {
    caller,
    get statements() {
      return statements;
    },
    reset: () => {
      statements = 0;
    },
  };
}

const inbox = (who: Person) => who.caller.inbox.mine();
/** My steps on one review, as `step:area` (core's step and its area), now and coming. */
const stepsOf = async (who: Person, key: string) => {
  const i = await inbox(who);
  const name = (s: { step: string; area: string | null }) => (s.area ? `${s.step}:${s.area}` : s.step);
  return {
    now: i.now.filter((s) => s.key === key).map(name),
    coming: i.coming.filter((s) => s.key === key).map(name),
  };
};
const signOffSteps = /^(record|reconfirm)_sign_off/;
const signOffsOf = async (who: Person, key: string) => {
  const s = await stepsOf(who, key);
  return {
    now: s.now.filter((x) => signOffSteps.test(x)),
    coming: s.coming.filter((x) => signOffSteps.test(x)),
  };
};

describe('inbox.mine', () => {
  it('lists the sign-offs of my areas now or coming, with the ordering rule and what they wait on', async () => {
    const r = await reviewed(c, 3);
    const legalInbox = await inbox(c.facilitators.legal_trust);
    expect(legalInbox.now.filter((s) => s.key === r.key)).toEqual([]);
    const legal = legalInbox.coming.find((s) => s.key === r.key && s.step === 'record_sign_off');
    expect(legal).toMatchObject({ area: 'legal_trust', action: 'record_sign_off', overdue: false });
    // What it waits on, in plain words: the two areas that sign first (SPEC 5 ordering).
    expect(legal?.waitsOn).toHaveLength(2);
    expect(legal?.waitsOn.join(' ')).toMatch(/Privacy\/Technical/);
    expect(legal?.waitsOn.join(' ')).toMatch(/Data/);
    expect(await signOffsOf(c.facilitators.privacy_technical, r.key)).toEqual({
      now: ['record_sign_off:privacy_technical'],
      coming: [],
    });
    // The proposer never signs their own review; nobody but facilitators has sign-offs waiting.
    expect(await signOffsOf(c.proposer, r.key)).toEqual({ now: [], coming: [] });
    expect(await stepsOf(c.outsider, r.key)).toEqual({ now: [], coming: [] });

    await signOffs(c, r.key, {
      privacy_technical: 'approved',
      data: { decision: 'changes_requested', risk: 'medium', rationale: 'Say how long it is kept.' },
    });
    expect(await signOffsOf(c.facilitators.privacy_technical, r.key)).toEqual({ now: [], coming: [] });
    // Changes requested: the proposer revises first; Legal/Trust now waits on Data alone.
    expect((await stepsOf(c.proposer, r.key)).now).toContain('revise_documentation:data');
    const legalAfter = (await inbox(c.facilitators.legal_trust)).coming.find(
      (s) => s.key === r.key && s.step === 'record_sign_off',
    );
    expect(legalAfter?.waitsOn).toHaveLength(1);
    expect(legalAfter?.waitsOn[0]).toMatch(/Data/);

    // A new revision makes the approval stale: Privacy/Technical reconfirms it.
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.review.saveDocumentation({
      review: r.key,
      baseRevision: view.currentRevision,
      form: { ...completeForm(3), analysis: 'Kept 13 months.' },
    });
    expect(await signOffsOf(c.facilitators.privacy_technical, r.key)).toEqual({
      now: ['reconfirm_sign_off:privacy_technical'],
      coming: [],
    });
    expect((await signOffsOf(c.facilitators.data, r.key)).now).toHaveLength(1);
  });

  it('lists implemented mitigations awaiting judgement by a facilitator of their area', async () => {
    const r = await reviewed(c, 3);
    const m = await c.facilitators.privacy_technical.caller.mitigation.request({
      review: r.key,
      area: 'privacy_technical',
      kind: 'technical_control',
      description: 'Send only the eTLD+1.',
    });
    const waiting = async (who: Person) =>
      (await inbox(who)).now.filter((x) => x.mitigationId === m.id).map((x) => x.step);
    expect(await waiting(c.facilitators.privacy_technical)).toEqual([]);
    expect(await waiting(c.proposer)).toEqual(['propose_mitigation']);
    await c.proposer.caller.mitigation.proposeRequested({ review: r.key, mitigationId: m.id });
    const view = await c.proposer.caller.review.get({ review: r.key });
    await c.proposer.caller.mitigation.implement({
      review: r.key,
      mitigationId: m.id,
      revision: view.currentRevision,
    });
    const judge = (await inbox(c.facilitators.privacy_technical)).now.filter((x) => x.mitigationId === m.id);
    expect(judge).toEqual([
      expect.objectContaining({ key: r.key, area: 'privacy_technical', step: 'judge_mitigation' }),
    ]);
    expect(await waiting(c.facilitators.data)).toEqual([]);
    expect(await waiting(c.proposer)).toEqual([]);
    await c.facilitators.privacy_technical.caller.mitigation.accept({ review: r.key, mitigationId: m.id });
    expect(await waiting(c.facilitators.privacy_technical)).toEqual([]);
  });

  it('lists escalations awaiting my paper, then my comment, then the decision maker of the current level', async () => {
    const r = await reviewed(c, 3);
    const { e } = await escalateSecurity(c, r.key, 'Is the eTLD+1 collection acceptable?');
    const awaiting = async (who: Person) =>
      (await inbox(who)).now.filter((x) => x.escalationId === e.id).map((x) => x.step);
    expect(await awaiting(c.proposer)).toEqual(['write_position_paper']);
    expect(await awaiting(c.facilitators.security)).toEqual(['write_position_paper']);
    expect(await awaiting(c.owner)).toEqual([]);
    expect(await awaiting(c.outsider)).toEqual([]);

    const target = { review: r.key, escalationId: e.id };
    await c.proposer.caller.escalation.writePaper({ ...target, body: 'Proceed: only the eTLD+1 is sent.' });
    expect(await awaiting(c.proposer)).not.toContain('write_position_paper');
    await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'Do not ship.' });
    await c.facilitators.security.caller.escalation.share(target);

    expect(await awaiting(c.owner)).toEqual(['decide_escalation']);
    expect(await awaiting(c.proposer)).toEqual(['comment_on_escalation']);
    expect(await awaiting(c.facilitators.security)).toEqual(['comment_on_escalation']);
    const item = (await inbox(c.owner)).now.find((x) => x.escalationId === e.id);
    expect(item).toMatchObject({ key: r.key, area: null, step: 'decide_escalation' });

    await c.facilitators.security.caller.escalation.comment({ ...target, body: 'See my paper.' });
    expect(await awaiting(c.facilitators.security)).toEqual([]);

    // Raised to the CPO: the product owner no longer decides.
    await c.owner.caller.escalation.raise(target);
    expect(await awaiting(c.owner)).toEqual([]);
    expect(await awaiting(cpo)).toEqual(['decide_escalation']);
    await cpo.caller.escalation.decide({
      ...target,
      decision: { decision: 'proceed', rationale: 'The controls suffice.' },
    });
    expect(await awaiting(cpo)).toEqual([]);
    expect(await awaiting(c.proposer)).toEqual([]);
  });

  it('shows stewards the submitted reviews, and proposers their own reviews with their blockers', async () => {
    const r = await submittedReview(c, 2);
    expect((await stepsOf(c.steward, r.key)).now).toEqual(['record_steward_review']);
    expect((await stepsOf(c.proposer, r.key)).now).not.toContain('record_steward_review');
    const mine = (await inbox(c.proposer)).myReviews.find((x) => x.key === r.key);
    expect(mine).toMatchObject({ status: 'submitted', canShip: false, category: null });
    expect(mine?.channels.map((ch) => ch.channel).sort()).toEqual(['pre_release', 'release']);
    expect(mine?.channels[0]?.blockers.map((b) => b.code)).toContain('STEWARD_REVIEW_PENDING');
    expect((await inbox(c.outsider)).myReviews).toEqual([]);

    await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: dataReview('data-review+'),
    });
    const approved = (await inbox(c.proposer)).myReviews.find((x) => x.key === r.key);
    expect(approved).toMatchObject({ status: 'approved', canShip: true });
    expect((await stepsOf(c.steward, r.key)).now).toEqual([]);
  });

  it('marks what waited longer than the reminder period as overdue', async () => {
    const r = await reviewed(c, 3);
    const later = await counted(c.facilitators.security, new Date(Date.now() + 30 * 86_400_000));
    const item = (await later.caller.inbox.mine()).coming.find((s) => s.key === r.key);
    // Security waits on the first two areas: what cannot be done yet is never overdue.
    expect(item).toMatchObject({ step: 'record_sign_off', area: 'security', overdue: false });
    const first = await counted(c.facilitators.privacy_technical, new Date(Date.now() + 30 * 86_400_000));
    const mine = (await first.caller.inbox.mine()).now.find((s) => s.key === r.key);
    expect(mine).toMatchObject({ step: 'record_sign_off', area: 'privacy_technical', overdue: true });
    const today = (await c.facilitators.privacy_technical.caller.inbox.mine()).now.find(
      (s) => s.key === r.key,
    );
    expect(today).toMatchObject({ overdue: false });
  });

  it('hides private reviews from those who may not see them', async () => {
    const r = await reviewed(c, 1, { private: true });
    await c.proposer.caller.review.get({ review: r.key });
    const other = await person(t.db, 'other-proposer@example.com');
    expect((await other.caller.inbox.mine()).myReviews.map((x) => x.key)).not.toContain(r.key);
    expect((await c.proposer.caller.inbox.mine()).myReviews.map((x) => x.key)).toContain(r.key);
  });

  it('runs a fixed number of queries whatever the number of reviews', async () => {
    const probe = await counted(c.facilitators.privacy_technical);
    await probe.caller.inbox.mine();
    const before = probe.statements;
    // My reviews (and their facts) and my stored steps (with the recompute of stale summaries).
    expect(before).toBeLessThanOrEqual(MAX_INBOX_STATEMENTS);
    for (let i = 0; i < 3; i++) await reviewed(c, 3);
    probe.reset();
    const after = await probe.caller.inbox.mine();
    expect(after.now.filter((s) => s.step === 'record_sign_off').length).toBeGreaterThanOrEqual(3);
    expect(probe.statements).toBe(before);

    const proposer = await counted(c.proposer);
    await proposer.caller.inbox.mine();
    expect(proposer.statements).toBeLessThanOrEqual(MAX_INBOX_STATEMENTS);
  });

  it('refuses callers who are not signed in', async () => {
    const anonymous = createCaller(createContextInner({ db: t.db }));
    await expect(anonymous.inbox.mine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(anonymous.inbox.dashboard()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

const MAX_INBOX_STATEMENTS = 20;

describe('inbox.dashboard', () => {
  it('counts reviews by status and averages days to sign-off per area in two queries', async () => {
    const local = await createTestDatabase();
    try {
      const k = await cast(local.db, '-dash');
      const r = await reviewed(k, 3);
      await reviewed(k, 1);
      await submittedReview(k, 2);
      await signOffs(k, r.key, { privacy_technical: 'approved', data: 'approved' });
      const d = await k.proposer.caller.inbox.dashboard();
      expect(d.total).toBe(3);
      expect(Object.fromEntries(d.byStatus.map((s) => [s.status, s.count]))).toMatchObject({
        sensitive_review: 1,
        approved: 1,
        submitted: 1,
        draft: 0,
      });
      const days = Object.fromEntries(d.signOffDays.map((s) => [s.area, s]));
      expect(days.privacy_technical).toMatchObject({ reviews: 1 });
      expect(days.privacy_technical?.averageDays).toBeGreaterThanOrEqual(0);
      expect(days.privacy_technical?.averageDays).toBeLessThan(1);
      expect(days.legal_trust).toEqual({
        area: 'legal_trust',
        averageDays: null,
        medianDays: null,
        reviews: 0,
      });

      // A private review counts only for those who may see it.
      await reviewed(k, 1, { private: true });
      expect((await k.outsider.caller.inbox.dashboard()).total).toBe(3);
      expect((await k.proposer.caller.inbox.dashboard()).total).toBe(4);

      let statements = 0;
      const db = new Kysely<Database>({
        dialect: new PostgresDialect({ pool: local.pool }),
        log: (e) => {
          if (e.level === 'query') statements++;
        },
      });
      const principal = await resolvePrincipal(local.db, `Bearer ${k.steward.token}`, new Date());
      await createCaller(createContextInner({ db, principal })).inbox.dashboard();
      expect(statements).toBe(2);
    } finally {
      await local.drop();
    }
  });

  it('lists the facilitators of each area', async () => {
    const f = await c.proposer.caller.inbox.facilitators();
    expect(f.map((x) => x.area)).toEqual(['privacy_technical', 'data', 'legal_trust', 'security']);
    expect(f.find((x) => x.area === 'security')?.people).toEqual([
      { id: c.facilitators.security.id, name: c.facilitators.security.displayName },
    ]);
  });
});
