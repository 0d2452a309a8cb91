import { describe, expect, it } from 'vitest';
import {
  allowedMitigationMoves,
  isMitigationOpen,
  MITIGATION_MOVES,
  MITIGATION_STATES,
  type MitigationMove,
  type MitigationState,
  moveMitigation,
} from '../src/index.ts';
import { actor, domainError, engineeringOwner, facilitator, PROPOSER, proposer, review } from './fixtures.ts';

const dataFacilitator = facilitator('data');
const sensitive = review('sensitive_review');
const move = (
  m: MitigationMove,
  state: MitigationState | null,
  who = m === 'request' || m === 'accept' || m === 'reject' ? dataFacilitator : proposer,
  extra: { implementedInRevision?: number | null; currentRevision?: number | null } = {},
) =>
  moveMitigation({
    actor: who,
    review: sensitive,
    mitigation: { area: 'data', state },
    move: m,
    currentRevision: extra.currentRevision === undefined ? 4 : extra.currentRevision,
    implementedInRevision: extra.implementedInRevision === undefined ? 4 : extra.implementedInRevision,
  });

const LEGAL: Record<MitigationMove, Partial<Record<MitigationState | 'new', MitigationState>>> = {
  request: { new: 'requested' },
  propose: { new: 'proposed', requested: 'proposed' },
  implement: { proposed: 'implemented' },
  accept: { implemented: 'accepted' },
  reject: { implemented: 'rejected' },
  revise: { rejected: 'proposed' },
  withdraw: { requested: 'withdrawn', proposed: 'withdrawn', implemented: 'withdrawn' },
};

describe('mitigation state machine: every move from every state', () => {
  for (const m of Object.keys(MITIGATION_MOVES) as MitigationMove[]) {
    for (const from of ['new', ...MITIGATION_STATES] as const) {
      const state = from === 'new' ? null : from;
      const target = LEGAL[m][from];
      it(`${m} from ${from}: ${target ?? 'refused'}`, () => {
        if (target) {
          expect(move(m, state)).toBe(target);
        } else {
          const e = domainError(() => move(m, state));
          expect(e.code).toBe('RULE_VIOLATION');
          expect(e.details).toEqual({ current: state, allowed: allowedMitigationMoves(state) });
        }
      });
    }
  }

  it('accepted and withdrawn are final; rejected may be revised', () => {
    expect(allowedMitigationMoves('accepted')).toEqual([]);
    expect(allowedMitigationMoves('withdrawn')).toEqual([]);
    expect(allowedMitigationMoves('rejected')).toEqual(['revise']);
    expect(allowedMitigationMoves('implemented')).toEqual(['accept', 'reject', 'withdraw']);
  });

  it('the refusal names the current state and the allowed moves', () => {
    expect(domainError(() => move('accept', 'proposed')).message).toBe(
      'A mitigation that is proposed cannot be accepted; it can be implemented or withdrawn.',
    );
  });

  it('only accepted and withdrawn stop blocking', () => {
    expect(MITIGATION_STATES.filter(isMitigationOpen)).toEqual([
      'requested',
      'proposed',
      'implemented',
      'rejected',
    ]);
  });
});

describe('mitigation: who moves it', () => {
  it('a facilitator of the mitigation’s area requests, accepts and rejects', () => {
    expect(domainError(() => move('request', null, facilitator('security'))).code).toBe('FORBIDDEN');
    expect(domainError(() => move('accept', 'implemented', facilitator('security'))).code).toBe('FORBIDDEN');
    expect(domainError(() => move('reject', 'implemented', proposer)).code).toBe('FORBIDDEN');
  });

  it('the proposer never accepts their own mitigation, even as a facilitator of the area', () => {
    const selfFacilitator = actor(PROPOSER, { facilitatorAreas: ['data'] });
    expect(domainError(() => move('accept', 'implemented', selfFacilitator)).code).toBe('FORBIDDEN');
  });

  it('the proposer (or engineering owner) proposes, implements, withdraws', () => {
    expect(move('implement', 'proposed', engineeringOwner)).toBe('implemented');
    for (const [m, state] of [
      ['propose', 'requested'],
      ['implement', 'proposed'],
      ['withdraw', 'implemented'],
    ] as const) {
      expect(domainError(() => move(m, state, dataFacilitator)).code).toBe('FORBIDDEN');
    }
  });

  it('implement names a revision no later than the current one', () => {
    expect(move('implement', 'proposed', proposer, { implementedInRevision: 1 })).toBe('implemented');
    for (const r of [5, 0, null, 2.5]) {
      const e = domainError(() => move('implement', 'proposed', proposer, { implementedInRevision: r }));
      expect(e.code).toBe('VALIDATION');
      expect(e.details.field).toBe('revision');
    }
  });

  it('only during the sensitive review', () => {
    const e = domainError(() =>
      moveMitigation({
        actor: proposer,
        review: review('approved'),
        mitigation: { area: 'data', state: null },
        move: 'propose',
        currentRevision: 1,
      }),
    );
    expect(e.code).toBe('RULE_VIOLATION');
  });
});
