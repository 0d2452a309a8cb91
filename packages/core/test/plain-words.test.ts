import { describe, expect, it } from 'vitest';
import {
  AREAS,
  assertMayRecordSignOff,
  DomainError,
  evaluateCanShip,
  MITIGATION_KINDS,
  type ReviewFacts,
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
