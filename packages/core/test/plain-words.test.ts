import { describe, expect, it } from 'vitest';
import {
  AREAS,
  assertMayRecordSignOff,
  DISCUSSION_MOVES,
  DISCUSSION_STATES,
  type DiscussionMove,
  DomainError,
  evaluateCanShip,
  eventWords,
  MITIGATION_KINDS,
  MITIGATION_MOVE_NAMES,
  MITIGATION_STATES,
  moveDiscussion,
  moveMitigation,
  moveReview,
  REVIEW_MOVES,
  REVIEW_STATUSES,
  type ReviewFacts,
  type ReviewMove,
  requestQuestionShort,
  STEP_ACTIONS,
  stepLabel,
  thisReviewIs,
  waitsOnLabels,
} from '../src/index.ts';
import { approvedSignOff, facilitator, review, shippableSensitive } from './fixtures.ts';

// Issue 15 point 3: no internal code reaches a person. Area codes, mitigation kind codes and `#n` ids
// stay in the data (blocker `code`, `area`, `mitigationId`), never in the words.
const CODE = new RegExp(`\\b(${[...AREAS, ...MITIGATION_KINDS].join('|')})\\b|#\\d`);
const NOW = new Date('2025-03-01T12:00:00.000Z');

const blockerMessages = (facts: ReviewFacts) =>
  evaluateCanShip(facts, 'release', NOW).blockers.map((b) => b.message);

describe('messages a person reads carry no internal codes', () => {
  it('gate blockers: stale, rejected, high risk, open mitigations, escalations', () => {
    const facts: ReviewFacts[] = [
      shippableSensitive({ signOffs: [] }),
      shippableSensitive({
        signOffs: [
          approvedSignOff('privacy_technical', 1),
          approvedSignOff('data', 2, { decision: 'rejected' }),
          approvedSignOff('legal_trust', 2, { decision: 'changes_requested' }),
          approvedSignOff('security', 2, { risk: 'high' }),
        ],
      }),
      shippableSensitive({
        mitigations: MITIGATION_KINDS.map((kind, i) => ({
          id: i + 3,
          area: AREAS[i] ?? 'data',
          kind,
          state: 'proposed',
        })),
        escalations: [
          { id: 7, state: 'open', decision: null, areas: ['data', 'security'] },
          { id: 8, state: 'decided', decision: 'do_not_ship', areas: ['privacy_technical'] },
        ],
      }),
    ];
    const messages = facts.flatMap(blockerMessages);
    // The facts above do raise the blockers this test is about.
    expect(messages.length).toBeGreaterThanOrEqual(10);
    expect(messages).toContain(
      'A Data Review (Data) mitigation (a technical mechanism that removes the risk) is proposed; it must be accepted or withdrawn.',
    );
    expect(messages).toContain(
      'The escalation of Data Review (Data) and Security Review (Office of the CSO) is waiting for its decision.',
    );
    for (const m of messages) expect(m).not.toMatch(CODE);
  });

  it('sign-off refusals', () => {
    const refusals = [
      () =>
        assertMayRecordSignOff({
          actor: facilitator('security'),
          area: 'security',
          review: review('sensitive_review'),
          signOffs: [],
          currentRevision: 3,
          input: { decision: 'approved', risk: 'low', rationale: 'Fine.' },
        }),
      () =>
        assertMayRecordSignOff({
          actor: facilitator('data'),
          area: 'privacy_technical',
          review: review('sensitive_review'),
          signOffs: [],
          currentRevision: 3,
          input: { decision: 'approved', risk: 'low', rationale: 'Fine.' },
        }),
    ].map((attempt) => {
      try {
        attempt();
      } catch (e) {
        if (e instanceof DomainError) return e.message;
        throw e;
      }
      throw new Error('expected a refusal');
    });
    expect(refusals).toHaveLength(2);
    for (const m of refusals) expect(m).not.toMatch(CODE);
  });
});

// What a person must never read: snake_case keys and enum values, SCREAMING_CASE codes, `#n` ids.
const RAW = /\b[a-z]+_[a-z_]+\b|#\d+|\b[A-Z]+_[A-Z_]+\b/;
const refusal = (attempt: () => unknown): string | undefined => {
  try {
    attempt();
  } catch (e) {
    if (e instanceof DomainError) return e.message;
    throw e;
  }
  return undefined;
};

describe('the words of steps, statuses and moves (issue 15: codes, ids and field keys stay in the data)', () => {
  const context = {
    mitigations: [
      { id: 41, area: 'data' as const, kind: 'technical_control' as const, state: 'implemented' as const },
    ],
    escalations: [
      { id: 57, state: 'open' as const, decision: null, areas: ['security' as const, 'data' as const] },
    ],
  };

  it('every step, with and without the facts that name its mitigation or escalation', () => {
    const labels = STEP_ACTIONS.flatMap((action) =>
      [undefined, ...AREAS].flatMap((area) => {
        const s = { action, ...(area ? { area } : {}), mitigationId: 41, escalationId: 57 };
        return [
          stepLabel(s),
          stepLabel(s, context),
          ...waitsOnLabels({ waitsFor: [{ action, ...(area ? { area } : {}) }] }),
        ];
      }),
    );
    for (const l of labels) expect(l).not.toMatch(RAW);
    expect(stepLabel({ action: 'judge_mitigation', area: 'data', mitigationId: 41 }, context)).toBe(
      'Accept or reject the Data mitigation (a technical mechanism that removes the risk)',
    );
    expect(stepLabel({ action: 'decide_escalation', escalationId: 57 }, context)).toBe(
      'Decide the Data and Security escalation',
    );
    expect(stepLabel({ action: 'decide_escalation', escalationId: 57 })).toBe('Decide the escalation');
  });

  it('a review status in a sentence', () => {
    for (const status of REVIEW_STATUSES) expect(thisReviewIs(status)).not.toMatch(RAW);
    expect(thisReviewIs('sensitive_review')).toBe('this review is in the sensitive review');
  });

  it('every refused move of a review, a mitigation and a discussion', () => {
    const messages: string[] = [];
    for (const status of REVIEW_STATUSES)
      for (const move of Object.keys(REVIEW_MOVES) as ReviewMove[]) {
        const m = refusal(() => moveReview(status, move));
        if (m) messages.push(m);
      }
    for (const status of REVIEW_STATUSES)
      for (const state of [null, ...MITIGATION_STATES])
        for (const move of MITIGATION_MOVE_NAMES) {
          const m = refusal(() =>
            moveMitigation({
              actor: facilitator('data'),
              review: review(status),
              mitigation: { area: 'data', state },
              move,
              currentRevision: 2,
              implementedInRevision: 2,
            }),
          );
          if (m) messages.push(m);
        }
    for (const status of REVIEW_STATUSES)
      for (const state of [null, ...DISCUSSION_STATES])
        for (const move of Object.keys(DISCUSSION_MOVES) as DiscussionMove[]) {
          const m = refusal(() =>
            moveDiscussion({
              actor: facilitator('data'),
              review: review(status),
              discussion: { area: 'data', state },
              move,
            }),
          );
          if (m) messages.push(m);
        }
    expect(messages.length).toBeGreaterThan(100);
    for (const m of messages) expect(m).not.toMatch(RAW);
    expect(messages).toContain(
      'A mitigation that is proposed cannot be accepted; it can be implemented or withdrawn.',
    );
  });

  it('event names and request questions read as words', () => {
    for (const action of [
      'review.made_public',
      'steward_review.recorded',
      'escalation.paper_written',
      'mitigation.implemented',
      'legal_trust.answered',
      'something.brand_new',
    ])
      expect(eventWords(action)).not.toMatch(RAW);
    expect(requestQuestionShort('analysis')).toMatch(/^Question \d+: /);
    expect(requestQuestionShort('no_such_field')).not.toMatch(RAW);
  });
});
