import { describe, expect, it } from 'vitest';
import {
  assertBasedOnCurrentRevision,
  canonicalJson,
  contentHash,
  diffRevisions,
  nextRevisionNumber,
} from '../src/index.ts';
import { completeForm, domainError } from './fixtures.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: null }], c: 'é' } })).toBe(
      '{"a":{"c":"é","d":[3,{"x":null,"z":1}]},"b":1}',
    );
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(new Date('2025-01-02T03:04:05.006Z'))).toBe('"2025-01-02T03:04:05.006Z"');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});

describe('contentHash', () => {
  it('is a sha256 hex digest that ignores key order', () => {
    const form = completeForm();
    const reordered = Object.fromEntries(Object.entries(form).reverse()) as typeof form;
    expect(contentHash(form)).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash(reordered)).toBe(contentHash(form));
  });

  it('is stable across runs (a known value)', () => {
    expect(contentHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    // sha256 of the text {"analysis":"a"}
    expect(contentHash({ analysis: 'a' })).toBe(
      'ed9783eb260c271a42d5939192cf4a407c28f6d2331cf23eb3b4beae00733022',
    );
  });

  it('changes when any answer changes', () => {
    expect(contentHash(completeForm({ analysis: 'Monthly.' }))).not.toBe(contentHash(completeForm()));
  });
});

describe('assertBasedOnCurrentRevision', () => {
  it('passes when the edit is based on the current revision', () => {
    expect(() => assertBasedOnCurrentRevision(3, 3)).not.toThrow();
    expect(() => assertBasedOnCurrentRevision(null, null)).not.toThrow();
  });

  it('CONFLICT naming the current revision otherwise', () => {
    const e = domainError(() => assertBasedOnCurrentRevision(2, 3));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toContain('current revision is 3');
    expect(e.details).toEqual({ baseRevision: 2, currentRevision: 3 });
    expect(domainError(() => assertBasedOnCurrentRevision(null, 1)).code).toBe('CONFLICT');
  });

  it('numbers revisions from 1', () => {
    expect(nextRevisionNumber(null)).toBe(1);
    expect(nextRevisionNumber(4)).toBe(5);
  });
});

describe('diffRevisions', () => {
  it('no change, no diff', () => {
    expect(diffRevisions(completeForm(), completeForm())).toEqual([]);
  });

  it('field by field, in the form’s order', () => {
    const before = completeForm();
    const after = completeForm({
      thirdPartyTools: 'Yes: a survey tool.',
      questionsAnswered: 'Changed?',
      collectionPeriod: { expires: 'never', monitoredBy: 'Ana' },
      intendedUse: 'Ranking',
    });
    expect(diffRevisions(before, after)).toEqual([
      { path: 'questionsAnswered', kind: 'changed', before: before.questionsAnswered, after: 'Changed?' },
      { path: 'collectionPeriod.expires', kind: 'changed', before: 'Firefox 150', after: 'never' },
      { path: 'collectionPeriod.monitoredBy', kind: 'added', before: null, after: 'Ana' },
      { path: 'thirdPartyTools', kind: 'added', before: null, after: 'Yes: a survey tool.' },
      { path: 'intendedUse', kind: 'added', before: null, after: 'Ranking' },
    ]);
    expect(diffRevisions(after, before).map((c) => c.kind)).toEqual([
      'changed',
      'changed',
      'removed',
      'removed',
      'removed',
    ]);
  });

  it('compares measurements per row, matched by name', () => {
    const before = completeForm();
    const [opened, width] = before.measurements;
    if (!opened || !width) throw new Error('fixture');
    const added = {
      name: 'sidebar.closed',
      description: 'Closes.',
      category: 2 as const,
      trackingBug: '1800003',
    };
    const after = completeForm({ measurements: [added, { ...opened, category: 3 }] });
    expect(diffRevisions(before, after)).toEqual([
      { path: 'measurements[sidebar.opened].category', kind: 'changed', before: 2, after: 3 },
      { path: 'measurements[sidebar.width]', kind: 'removed', before: width, after: null },
      { path: 'measurements[sidebar.closed]', kind: 'added', before: null, after: added },
    ]);
  });

  it('reordering rows is not a change; unnamed draft rows are matched by position', () => {
    const form = completeForm();
    expect(diffRevisions(form, { ...form, measurements: [...form.measurements].reverse() })).toEqual([]);
    expect(diffRevisions({ measurements: [{ category: 1 }] }, { measurements: [{ category: 2 }] })).toEqual([
      { path: 'measurements[#0].category', kind: 'changed', before: 1, after: 2 },
    ]);
  });

  it('works between partial drafts', () => {
    expect(diffRevisions({}, { analysis: 'x' })).toEqual([
      { path: 'analysis', kind: 'added', before: null, after: 'x' },
    ]);
  });
});
