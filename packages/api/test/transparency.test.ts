import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousCaller } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import {
  approveAllAreas,
  completeForm,
  draftOnRelease,
  reviewed,
  submittedReview,
} from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();
let publicAnon: ReturnType<typeof anonymousCaller>;
beforeAll(async () => {
  publicAnon = anonymousCaller(t.db);
});

const keys = async (input: Parameters<typeof publicAnon.transparency.list>[0] = {}) =>
  (await publicAnon.transparency.list(input)).items.map((i) => i.key);

describe('transparency: public reviews and their decisions, without signing in', () => {
  it('lists public reviews; private ones never appear; drafts are not yet reviews', async () => {
    const pub = await reviewed(c, 2);
    const priv = await reviewed(c, 2, { private: true });
    const draft = await draftOnRelease(c, 'Half-written', completeForm(2));
    const listed = await keys();
    expect(listed).toContain(pub.key);
    expect(listed).not.toContain(priv.key);
    expect(listed).not.toContain(draft.key);
    expect((await outcome(publicAnon.transparency.get({ review: priv.key }))).code).toBe('NOT_FOUND');
    expect((await outcome(publicAnon.transparency.get({ review: draft.key }))).code).toBe('NOT_FOUND');
    expect((await outcome(publicAnon.transparency.get({ review: 'DR-999999' }))).code).toBe('NOT_FOUND');
    // Searching by key does not reveal a private review either.
    expect(await keys({ q: priv.key })).toEqual([]);
  });

  it('a private review appears once it is shipped, without its private reason', async () => {
    const priv = await reviewed(c, 2, { private: true });
    expect(await keys()).not.toContain(priv.key);
    await c.proposer.caller.review.markShipped({ review: priv.key });
    expect(await keys({ status: ['shipped'] })).toContain(priv.key);
    const page = await publicAnon.transparency.get({ review: priv.key });
    expect(page.status).toBe('shipped');
    expect(JSON.stringify(page)).not.toContain('Partnership not yet public');
  });

  it('the page shows the documentation and every decision: steward, areas, mitigations, escalation', async () => {
    const r = await reviewed(c, 3);
    await approveAllAreas(c, r.key);
    await c.facilitators.security.caller.mitigation.request({
      review: r.key,
      area: 'security',
      kind: 'technical_control',
      description: 'Keep only the eTLD+1.',
    });
    await c.proposer.caller.announcement.recordManual({
      review: r.key,
      archiveLink: 'https://groups.example/msg/1',
    });
    await c.proposer.caller.escalation.open({
      review: r.key,
      facilitatorId: c.facilitators.security.id,
      areas: ['security'],
      question: 'Is the eTLD+1 collection acceptable?',
    });
    const page = await publicAnon.transparency.get({ review: r.key });
    expect(page).toMatchObject({
      key: r.key,
      status: 'sensitive_review',
      category: 3,
      categoryLabel: 'Stored content & communications',
      stewardOutcome: 'data-review+',
      channels: [
        { channel: 'pre_release', defaultState: 'off' },
        { channel: 'release', defaultState: 'off' },
      ],
      documentation: { revision: 1 },
      stewardDecisions: [{ outcome: 'data-review+', category: 3, steward: 'steward' }],
      mitigations: [{ area: 'security', kind: 'technical_control', state: 'requested' }],
      announcement: { done: true, archiveLinks: ['https://groups.example/msg/1'] },
      escalations: [{ areas: ['security'], level: 'product_owner', state: 'open', decision: null }],
    });
    expect(page.documentation.form.questionsAnswered).toBe(completeForm(3).questionsAnswered);
    expect(page.signOffs.map((s) => [s.area, s.decision, s.current, s.facilitator])).toEqual([
      ['privacy_technical', 'approved', true, 'privacy'],
      ['data', 'approved', true, 'data'],
      ['legal_trust', 'approved', true, 'legal'],
      ['security', 'approved', true, 'security'],
    ]);
    // No email addresses, no position papers, no comments.
    expect(JSON.stringify(page)).not.toMatch(/@example\.com/);
  });

  it('pages through the list newest first and filters it', async () => {
    const a = await submittedReview(c, 2);
    const b = await submittedReview(c, 2);
    const first = await publicAnon.transparency.list({ limit: 1 });
    expect(first.items.map((i) => i.key)).toEqual([b.key]);
    const second = await publicAnon.transparency.list({ limit: 1, cursor: first.nextCursor ?? undefined });
    expect(second.items.map((i) => i.key)).toEqual([a.key]);
    expect(await keys({ status: ['submitted'] })).toEqual(expect.arrayContaining([a.key, b.key]));
    expect(await keys({ status: ['withdrawn'] })).toEqual([]);
    expect(await keys({ q: a.key })).toEqual([a.key]);
    expect(await keys({ category: 4 })).toEqual([]);
    expect((await outcome(publicAnon.transparency.list({ status: ['draft' as never] }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});
