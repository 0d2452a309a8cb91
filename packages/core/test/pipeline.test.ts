import { describe, expect, it } from 'vitest';
import { type OpenStep, type PipelineRecord, reviewPipeline } from '../src/index.ts';

const AT = new Date('2025-03-01T12:00:00.000Z');
const record = (overrides: Partial<PipelineRecord> = {}): PipelineRecord => ({
  status: 'sensitive_review',
  category: 3,
  currentRevision: 2,
  proposerId: 1,
  submittedAt: AT,
  shippedAt: null,
  steward: { personId: 10, outcome: 'data-review+', at: AT },
  signOffs: [],
  announcement: { state: 'none', at: null, personId: null },
  ...overrides,
});
const step = (s: Partial<OpenStep> & Pick<OpenStep, 'action'>): OpenStep => ({
  owner: { role: 'facilitator', personIds: [] },
  ready: true,
  waitsFor: [],
  ...s,
});
const states = (r: PipelineRecord, steps: OpenStep[]) =>
  Object.fromEntries(reviewPipeline(r, steps).flatMap((s) => s.parts.map((p) => [p.part, p.state])));

describe('the pipeline of a review', () => {
  it('a draft waits on its proposer; nothing after it has started', () => {
    const p = reviewPipeline(record({ status: 'draft', category: null, submittedAt: null, steward: null }), [
      step({ action: 'submit', owner: { role: 'proposer', personIds: [1] } }),
    ]);
    expect(p.map((s) => s.state)).toEqual([
      'waiting',
      'not_started',
      'not_started',
      'not_started',
      'not_started',
      'not_started',
    ]);
    expect(p[0]?.parts[0]).toMatchObject({ personIds: [1], role: 'proposer', action: 'submit' });
  });

  it('a returned request shows changes on both the request and the steward', () => {
    const s = states(
      record({ status: 'returned', category: 2, steward: { personId: 10, outcome: 'data-review-', at: AT } }),
      [step({ action: 'resubmit', owner: { role: 'proposer', personIds: [1] } })],
    );
    expect([s.request, s.steward]).toEqual(['changes', 'changes']);
  });

  it('the areas follow their open steps: ready waits, not ready is blocked; approvals are done with who and when', () => {
    const p = reviewPipeline(
      record({
        signOffs: [
          { area: 'privacy_technical', personId: 20, revision: 2, decision: 'approved', at: AT },
          { area: 'data', personId: 21, revision: 1, decision: 'approved', at: AT },
        ],
      }),
      [
        step({ action: 'reconfirm_sign_off', area: 'data', owner: { role: 'facilitator', personIds: [21] } }),
        step({ action: 'record_sign_off', area: 'legal_trust', ready: false }),
        step({ action: 'record_sign_off', area: 'security', ready: false }),
        step({ action: 'announce', owner: { role: 'proposer', personIds: [1] } }),
      ],
    );
    const [, , first, second, announcement, ship] = p;
    expect(first?.parts.map((x) => [x.part, x.state, x.personIds])).toEqual([
      ['privacy_technical', 'done', [20]],
      ['data', 'waiting', [21]],
    ]);
    expect(first?.parts[0]?.at).toEqual(AT);
    expect(first?.state).toBe('waiting');
    expect(second?.state).toBe('blocked');
    expect(announcement?.state).toBe('waiting');
    expect(ship?.state).toBe('blocked');
  });

  it('an area that asked for changes or rejected says so', () => {
    const s = states(
      record({
        signOffs: [
          { area: 'privacy_technical', personId: 20, revision: 2, decision: 'changes_requested', at: AT },
          { area: 'data', personId: 21, revision: 2, decision: 'rejected', at: AT },
        ],
      }),
      [step({ action: 'record_sign_off', area: 'privacy_technical', ready: false })],
    );
    expect([s.privacy_technical, s.data]).toEqual(['changes', 'rejected']);
  });

  it('category 1/2: the sensitive stages are not needed; ship waits on the proposer once allowed', () => {
    const p = reviewPipeline(record({ status: 'approved', category: 2 }), [
      step({ action: 'mark_shipped', owner: { role: 'proposer', personIds: [1] } }),
    ]);
    expect(p.map((s) => s.state)).toEqual([
      'done',
      'done',
      'not_needed',
      'not_needed',
      'not_needed',
      'waiting',
    ]);
  });

  it('shipped is done with its date; withdrawn stops what was not done', () => {
    const shipped = reviewPipeline(record({ status: 'shipped', category: 2, shippedAt: AT }), []);
    expect(shipped.at(-1)?.parts[0]).toMatchObject({ state: 'done', at: AT });
    const withdrawn = states(record({ status: 'withdrawn' }), []);
    expect([withdrawn.request, withdrawn.steward, withdrawn.data, withdrawn.ship]).toEqual([
      'done',
      'done',
      'stopped',
      'stopped',
    ]);
  });

  it('an announcement sent is done; one queued waits on its delivery', () => {
    const sent = states(record({ announcement: { state: 'sent', at: AT, personId: 1 } }), []);
    expect(sent.announcement).toBe('done');
    const queued = states(record({ announcement: { state: 'queued', at: AT, personId: 1 } }), [
      step({ action: 'deliver_announcement', owner: { role: 'admin', personIds: [] } }),
    ]);
    expect(queued.announcement).toBe('waiting');
  });
});
