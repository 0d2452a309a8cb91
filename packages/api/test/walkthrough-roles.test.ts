import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import {
  type Cast,
  cast,
  completeForm,
  dataReview,
  implementInNewRevision,
  type Person,
} from '../../../test/review-fixtures.ts';

/**
 * Issue 13, "a test walks one review through every step with every role": ONE review, from draft to shipped
 * (returned once, a Legal/Trust question, a mitigation, an escalation with position papers and a decision) and
 * renewed (a question to Trust and Legal on the renewal),
 * and at each step every person's inbox (what they can do now, what comes to them) and what review.get says
 * they may do.
 */
let t: TestDatabase;
let c: Cast;
let requester: Person;
let engineeringOwner: Person;
let reviewer: Person;
let key = '';
beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  requester = await person(t.db, 'requester@example.com');
  engineeringOwner = await person(t.db, 'engineering-owner@example.com');
  reviewer = await person(t.db, 'reviewer@example.com');
});
afterAll(() => t.drop());

const ROLES = [
  'proposer',
  'requester',
  'engineeringOwner',
  'steward',
  'privacy',
  'data',
  'legal',
  'security',
  'reviewer',
  'productOwner',
  'outsider',
] as const;
type Role = (typeof ROLES)[number];
const who = (role: Role): Person =>
  ({
    proposer: c.proposer,
    requester,
    engineeringOwner,
    steward: c.steward,
    privacy: c.facilitators.privacy_technical,
    data: c.facilitators.data,
    legal: c.facilitators.legal_trust,
    security: c.facilitators.security,
    reviewer,
    productOwner: c.owner,
    outsider: c.outsider,
  })[role];

interface Seen {
  now: string[];
  coming: string[];
  allowed: string[];
}
const label = (s: { area?: string | null; move?: string | null }, name: string) =>
  `${name}${s.area ? `:${s.area}` : ''}${s.move ? `/${s.move}` : ''}`;

/** What each person sees of the review now: their inbox's steps on it and the actions review.get allows. */
async function seen(): Promise<Record<Role, Seen>> {
  const out = {} as Record<Role, Seen>;
  await Promise.all(
    ROLES.map(async (role) => {
      const p = who(role);
      const [inbox, view] = await Promise.all([p.caller.inbox.mine(), p.caller.review.get({ review: key })]);
      out[role] = {
        now: inbox.now.filter((s) => s.key === key).map((s) => label(s, s.step)),
        coming: inbox.coming.filter((s) => s.key === key).map((s) => label(s, s.step)),
        allowed: [
          ...new Set(view.allowedActions.filter((v) => v.allowed).map((v) => label(v, v.action))),
        ].sort(),
      };
    }),
  );
  return out;
}

const expectSeen = async (step: string, expected: Partial<Record<Role, Partial<Seen>>>) => {
  const actual = await seen();
  for (const role of ROLES) {
    const e = { now: [], coming: [], allowed: [], ...expected[role] };
    expect({ role, ...actual[role] }, step).toEqual({
      role,
      now: e.now,
      coming: e.coming,
      allowed: [...e.allowed].sort(),
    });
  }
};

const ok = { risk: 'low' as const, decision: 'approved' as const, rationale: 'Low risk.' };

const AREA_KEYS = ['privacy_technical', 'data', 'legal_trust', 'security'] as const;
const DRAFTING = ['edit_documentation', 'withdraw'];
/** What the proposer's side (creator, requester, engineering owner) may do throughout the sensitive review. */
const SIDE = [
  'announce',
  ...AREA_KEYS.map((a) => `comment_on_area:${a}`),
  ...DRAFTING,
  'propose_mitigation',
  'schedule_discussion',
  ...AREA_KEYS.map((a) => `schedule_discussion:${a}`),
];
/** What a facilitator may do in their area throughout the sensitive review (besides their sign-off). */
const AREA = (a: string) => [
  `add_reviewer:${a}`,
  `comment_on_area:${a}`,
  `request_mitigation:${a}`,
  'schedule_discussion',
  `schedule_discussion:${a}`,
];
/** The security reviewer: comments in the area (and escalates it once it is in dispute). */
const REVIEWER = ['comment_on_area:security'];
/** Only an area in dispute may be escalated (SPEC 9): by the proposer's side, its facilitators and reviewers. */
const escalates = (a: string) => `open_escalation:${a}`;
const side = (s: Partial<Seen>): Partial<Record<Role, Partial<Seen>>> => ({
  proposer: s,
  requester: s,
  engineeringOwner: s,
});

describe('one review, every step, every role', () => {
  it('walks from draft to shipped', async () => {
    // Privacy/Technical and Data once both approved the current revision.
    const signedOff = {
      privacy: { allowed: [...AREA('privacy_technical'), 'record_sign_off:privacy_technical'] },
      data: { allowed: [...AREA('data'), 'record_sign_off:data'] },
    };
    const r = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Walked through by every role',
      channels: [{ channel: 'release', defaultState: 'off' }],
      requesterId: requester.id,
      engineeringOwnerId: engineeringOwner.id,
      form: completeForm(3),
      visibility: 'public',
    });
    key = r.key;
    await expectSeen('draft', side({ now: ['submit'], allowed: ['submit', ...DRAFTING] }));

    await c.proposer.caller.review.submit({ review: key });
    await expectSeen('submitted', {
      ...side({ allowed: ['announce', ...DRAFTING] }),
      steward: { now: ['record_steward_review'], allowed: ['record_steward_review'] },
    });

    await c.steward.caller.steward.recordReview({ review: key, dataReview: dataReview('data-review-') });
    await expectSeen('returned', side({ now: ['resubmit'], allowed: ['announce', 'resubmit', ...DRAFTING] }));

    const returned = await c.proposer.caller.review.get({ review: key });
    await c.proposer.caller.review.saveDocumentation({
      review: key,
      baseRevision: returned.currentRevision,
      form: { ...returned.form, analysis: 'The team analyses it weekly.' },
    });
    await c.proposer.caller.review.resubmit({ review: key });
    await expectSeen('resubmitted', {
      ...side({ allowed: ['announce', ...DRAFTING] }),
      steward: { now: ['record_steward_review'], allowed: ['record_steward_review'] },
    });

    const base = dataReview('data-review+');
    await c.steward.caller.steward.recordReview({
      review: key,
      dataReview: {
        ...base,
        answers: { ...base.answers, thirdPartyTool: { answer: 'yes', note: 'A vendor SDK.' } },
      },
    });
    await expectSeen('sensitive review, a question to Trust and Legal', {
      ...side({ now: ['announce'], allowed: SIDE }),
      privacy: {
        now: ['record_sign_off:privacy_technical'],
        allowed: [...AREA('privacy_technical'), 'record_sign_off:privacy_technical'],
      },
      data: { now: ['record_sign_off:data'], allowed: [...AREA('data'), 'record_sign_off:data'] },
      // Trust and Legal answer the steward now; their sign-off waits for Privacy/Technical and Data.
      legal: {
        now: ['answer_legal_trust:legal_trust'],
        coming: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'answer_legal_trust'],
      },
      security: { coming: ['record_sign_off:security'], allowed: AREA('security') },
    });

    await c.facilitators.legal_trust.caller.steward.answerLegalTrust({
      review: key,
      answer: 'Covered by the privacy notice.',
    });
    await c.facilitators.security.caller.signOff.addReviewer({
      review: key,
      area: 'security',
      email: reviewer.email,
    });
    await expectSeen('question answered, a reviewer in security', {
      ...side({ now: ['announce'], allowed: SIDE }),
      privacy: {
        now: ['record_sign_off:privacy_technical'],
        allowed: [...AREA('privacy_technical'), 'record_sign_off:privacy_technical'],
      },
      data: { now: ['record_sign_off:data'], allowed: [...AREA('data'), 'record_sign_off:data'] },
      legal: { coming: ['record_sign_off:legal_trust'], allowed: AREA('legal_trust') },
      security: { coming: ['record_sign_off:security'], allowed: AREA('security') },
      reviewer: { allowed: REVIEWER },
    });

    await c.facilitators.privacy_technical.caller.signOff.record({
      review: key,
      area: 'privacy_technical',
      ...ok,
    });
    const m = await c.facilitators.data.caller.mitigation.request({
      review: key,
      area: 'data',
      kind: 'technical_control',
      description: 'Keep only the eTLD+1.',
    });
    // A mitigation Data asked for is a dispute the proposer may escalate instead of taking it up.
    await expectSeen('privacy approved, data requested a mitigation', {
      ...side({
        now: ['announce', 'propose_mitigation:data'],
        allowed: [
          ...SIDE,
          'move_mitigation:data/propose',
          'move_mitigation:data/withdraw',
          escalates('data'),
        ],
      }),
      privacy: { allowed: [...AREA('privacy_technical'), 'record_sign_off:privacy_technical'] },
      data: {
        now: ['record_sign_off:data'],
        allowed: [...AREA('data'), 'record_sign_off:data', escalates('data')],
      },
      legal: { coming: ['record_sign_off:legal_trust'], allowed: AREA('legal_trust') },
      security: { coming: ['record_sign_off:security'], allowed: AREA('security') },
      reviewer: { allowed: REVIEWER },
    });

    await implementInNewRevision(c, key, m.id);
    await expectSeen('mitigation implemented in a new revision (privacy stale)', {
      ...side({ now: ['announce'], allowed: [...SIDE, 'move_mitigation:data/withdraw'] }),
      privacy: {
        now: ['reconfirm_sign_off:privacy_technical'],
        allowed: [
          ...AREA('privacy_technical'),
          'record_sign_off:privacy_technical',
          'reconfirm_sign_off:privacy_technical',
        ],
      },
      data: {
        now: ['record_sign_off:data', 'judge_mitigation:data'],
        allowed: [
          ...AREA('data'),
          'record_sign_off:data',
          'move_mitigation:data/accept',
          'move_mitigation:data/reject',
        ],
      },
      legal: { coming: ['record_sign_off:legal_trust'], allowed: AREA('legal_trust') },
      security: { coming: ['record_sign_off:security'], allowed: AREA('security') },
      reviewer: { allowed: REVIEWER },
    });

    await c.facilitators.data.caller.mitigation.accept({ review: key, mitigationId: m.id, note: 'Good.' });
    await c.facilitators.privacy_technical.caller.signOff.reconfirm({
      review: key,
      area: 'privacy_technical',
    });
    await c.facilitators.data.caller.signOff.record({ review: key, area: 'data', ...ok });
    await expectSeen('privacy and data approved: legal and security in turn', {
      ...side({ now: ['announce'], allowed: SIDE }),
      privacy: { allowed: [...AREA('privacy_technical'), 'record_sign_off:privacy_technical'] },
      data: { allowed: [...AREA('data'), 'record_sign_off:data'] },
      legal: {
        now: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'],
      },
      security: {
        now: ['record_sign_off:security'],
        allowed: [...AREA('security'), 'record_sign_off:security'],
      },
      reviewer: { allowed: REVIEWER },
    });

    await c.facilitators.security.caller.signOff.record({
      review: key,
      area: 'security',
      risk: 'medium',
      decision: 'rejected',
      rationale: 'Too much.',
    });
    await expectSeen('security rejected', {
      ...side({ now: ['announce', 'open_escalation:security'], allowed: [...SIDE, escalates('security')] }),
      ...signedOff,
      legal: {
        now: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'],
      },
      security: { allowed: [...AREA('security'), 'record_sign_off:security', escalates('security')] },
      reviewer: { allowed: [...REVIEWER, escalates('security')] },
    });

    const e = await c.proposer.caller.escalation.open({
      review: key,
      facilitatorId: c.facilitators.security.id,
      areas: ['security'],
      question: 'Is the eTLD+1 enough?',
    });
    const target = { review: key, escalationId: e.id };
    await expectSeen('escalation opened', {
      // Every party writes a paper; the one who opened it shares them once there is one.
      proposer: {
        now: ['announce', 'write_position_paper'],
        coming: ['share_position_papers'],
        allowed: [...SIDE, 'schedule_escalation_meeting', 'write_position_paper'],
      },
      requester: { now: ['announce', 'write_position_paper'], allowed: [...SIDE, 'write_position_paper'] },
      engineeringOwner: {
        now: ['announce', 'write_position_paper'],
        allowed: [...SIDE, 'write_position_paper'],
      },
      ...signedOff,
      legal: {
        now: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'],
      },
      security: {
        now: ['write_position_paper'],
        coming: ['share_position_papers'],
        allowed: [
          ...AREA('security'),
          'record_sign_off:security',
          'raise_escalation',
          'schedule_escalation_meeting',
          'write_position_paper',
        ],
      },
      reviewer: { allowed: [...REVIEWER, 'write_position_paper'] },
      productOwner: { coming: ['decide_escalation'], allowed: ['raise_escalation', 'write_position_paper'] },
    });

    await c.proposer.caller.escalation.writePaper({ ...target, body: 'It is enough.' });
    await c.facilitators.security.caller.escalation.writePaper({ ...target, body: 'It is not.' });
    await c.facilitators.security.caller.escalation.share(target);
    await expectSeen('position papers shared', {
      proposer: {
        now: ['announce', 'comment_on_escalation'],
        allowed: [...SIDE, 'comment_on_escalation', 'schedule_escalation_meeting'],
      },
      requester: { now: ['announce', 'comment_on_escalation'], allowed: [...SIDE, 'comment_on_escalation'] },
      engineeringOwner: {
        now: ['announce', 'comment_on_escalation'],
        allowed: [...SIDE, 'comment_on_escalation'],
      },
      ...signedOff,
      legal: {
        now: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'],
      },
      security: {
        now: ['comment_on_escalation'],
        allowed: [
          ...AREA('security'),
          'record_sign_off:security',
          'comment_on_escalation',
          'raise_escalation',
          'schedule_escalation_meeting',
        ],
      },
      reviewer: { now: ['comment_on_escalation'], allowed: [...REVIEWER, 'comment_on_escalation'] },
      productOwner: {
        now: ['decide_escalation'],
        allowed: ['comment_on_escalation', 'decide_escalation', 'raise_escalation'],
      },
    });

    await reviewer.caller.escalation.comment({ ...target, body: 'The eTLD+1 is coarse enough.' });
    await c.owner.caller.escalation.decide({
      ...target,
      decision: { decision: 'proceed', rationale: 'Enough.' },
    });
    await expectSeen('escalation decided: proceed', {
      ...side({ now: ['announce'], allowed: SIDE }),
      ...signedOff,
      legal: {
        now: ['record_sign_off:legal_trust'],
        allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'],
      },
      security: { allowed: [...AREA('security'), 'record_sign_off:security'] },
      reviewer: { allowed: REVIEWER },
    });

    await c.facilitators.legal_trust.caller.signOff.record({ review: key, area: 'legal_trust', ...ok });
    await expectSeen('legal approved', {
      ...side({ now: ['announce'], allowed: SIDE }),
      ...signedOff,
      legal: { allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'] },
      security: { allowed: [...AREA('security'), 'record_sign_off:security'] },
      reviewer: { allowed: REVIEWER },
    });

    await c.proposer.caller.announcement.recordManual({
      review: key,
      archiveLink: 'https://example.com/announce',
    });
    await expectSeen('announced: nothing blocks', {
      ...side({ now: ['mark_shipped'], allowed: [...SIDE, 'mark_shipped'] }),
      ...signedOff,
      legal: { allowed: [...AREA('legal_trust'), 'record_sign_off:legal_trust'] },
      security: { allowed: [...AREA('security'), 'record_sign_off:security'] },
      reviewer: { allowed: REVIEWER },
    });

    await c.proposer.caller.review.markShipped({ review: key });
    // The collection's accountable people may ask to renew its period (SPEC 12).
    const renews = { allowed: ['request_renewal'] };
    await expectSeen('shipped', side(renews));

    // A renewal (SPEC 12): a data steward off the collection's side reviews it; asked by the steward, Trust and
    // Legal answer first.
    const renewal = await requester.caller.renewal.request({
      review: key,
      newExpires: new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10),
      reason: 'The experiment runs another year.',
    });
    const renewalTarget = { review: key, renewalId: renewal.id };
    await expectSeen('renewal requested', {
      steward: { now: ['review_renewal'], allowed: ['review_renewal'] },
    });
    await c.steward.caller.renewal.askLegalTrust({ ...renewalTarget, question: 'Still covered?' });
    await expectSeen('renewal asked of Trust and Legal', {
      steward: { coming: ['review_renewal'] },
      legal: { now: ['answer_renewal_legal_trust:legal_trust'], allowed: ['answer_renewal_legal_trust'] },
    });
    await c.facilitators.legal_trust.caller.renewal.answerLegalTrust({
      ...renewalTarget,
      answer: 'Covered.',
    });
    await expectSeen('Trust and Legal answered', {
      steward: { now: ['review_renewal'], allowed: ['review_renewal'] },
    });
    await c.steward.caller.renewal.review({
      ...renewalTarget,
      outcome: 'data-review+',
      answers: {
        originalReviewComplete: { answer: 'yes' },
        privacyNoticeCoverage: { answer: 'yes' },
      },
      stewardReview: 'Renewed.',
    });
    await expectSeen('renewed', side(renews));
  }, 600_000); // a stall guard only: the walk takes about half a minute on a busy machine
});
