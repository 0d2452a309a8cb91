import { reviewExportSchema } from '@signoff/core';
import { describe, expect, it } from 'vitest';
import { anonymousCaller } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { approveAllAreas, completeForm, reviewed, signOffs } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

/** A category 3 review with two revisions, sign-offs (one stale), a mitigation, a comment and an escalation. */
async function busyReview() {
  const r = await reviewed(c, 3, { bug: '1901234' });
  await approveAllAreas(c, r.key);
  await c.proposer.caller.review.saveDocumentation({
    review: r.key,
    baseRevision: 1,
    form: completeForm(3, { analysis: 'Weekly | triage of <top> domains.' }),
  });
  await signOffs(c, r.key, {
    privacy_technical: { decision: 'approved', rationale: 'Still fine on revision 2.' },
    data: { decision: 'approved', rationale: 'Still fine on revision 2.' },
    security: { decision: 'rejected', risk: 'medium', rationale: 'The domain list is too revealing.' },
  });
  await c.facilitators.data.caller.mitigation.request({
    review: r.key,
    area: 'data',
    kind: 'technical_control',
    description: 'Drop domains seen fewer than 50 times.',
  });
  const e = await c.proposer.caller.escalation.open({
    review: r.key,
    facilitatorId: c.facilitators.security.id,
    areas: ['security'],
    question: 'Is the eTLD+1 list acceptable with a threshold?',
  });
  await c.proposer.caller.escalation.writePaper({
    review: r.key,
    escalationId: e.id,
    body: 'Ship with a threshold.',
  });
  return r;
}

describe('export: one review, complete', () => {
  it('as JSON: revisions with their content, sign-offs, mitigations, escalation, gate and the hash-chained timeline', async () => {
    const r = await busyReview();
    const doc = await c.proposer.caller.export.json({ review: r.key });
    expect(reviewExportSchema.parse(doc)).toEqual(doc);
    expect(doc.review).toMatchObject({
      key: r.key,
      status: 'sensitive_review',
      category: 3,
      currentRevision: 2,
      externalRefs: [{ kind: 'bug', value: '1901234' }],
      proposer: { id: c.proposer.id, name: 'proposer' },
      collectionPeriod: { expires: completeForm(3).collectionPeriod?.expires },
    });
    expect(doc.revisions.map((v) => [v.number, v.form.analysis])).toEqual([
      [1, completeForm(3).analysis],
      [2, 'Weekly | triage of <top> domains.'],
    ]);
    expect(doc.stewardReviews).toEqual([expect.objectContaining({ outcome: 'data-review+', category: 3 })]);
    expect(doc.signOffs.map((s) => [s.area, s.revision, s.stale, s.decision])).toEqual([
      ['privacy_technical', 1, true, 'approved'],
      ['data', 1, true, 'approved'],
      ['legal_trust', 1, true, 'approved'],
      ['security', 1, true, 'approved'],
      ['privacy_technical', 2, false, 'approved'],
      ['data', 2, false, 'approved'],
      ['security', 2, false, 'rejected'],
    ]);
    expect(doc.mitigations).toEqual([expect.objectContaining({ area: 'data', state: 'requested' })]);
    expect(doc.escalations).toEqual([
      expect.objectContaining({
        areas: ['security'],
        state: 'open',
        papers: [expect.objectContaining({ author: { id: c.proposer.id, name: 'proposer' }, version: 1 })],
      }),
    ]);
    expect(doc.gate.map((g) => g.channel)).toEqual(['pre_release', 'release']);
    expect(doc.gate[1]?.blockers.map((b) => b.code)).toEqual(
      expect.arrayContaining(['SIGNOFF_STALE', 'SIGNOFF_REJECTED', 'MITIGATION_OPEN', 'ESCALATION_OPEN']),
    );
    // The timeline is the review's audit chain: each event links to the one before.
    expect(doc.timeline[0]?.action).toBe('review.created');
    for (let i = 1; i < doc.timeline.length; i++)
      expect(doc.timeline[i]?.prevHash).toBe(doc.timeline[i - 1]?.hash);
    expect(doc.timeline.map((e) => e.action)).toEqual(
      expect.arrayContaining(['review.submitted', 'documentation.revised', 'escalation.opened']),
    );
  });

  it('as a readable Markdown report with every section', async () => {
    const r = await busyReview();
    const md = await c.proposer.caller.export.markdown({ review: r.key });
    expect(md.fileName).toBe(`${r.key}-review.md`);
    expect(md.contentType).toBe('text/markdown; charset=utf-8');
    expect(md.text).toMatch(new RegExp(`^# ${r.key}: `));
    for (const section of [
      '## Summary',
      '## Can it ship?',
      '## Documentation (revision 2)',
      '## Data steward review',
      '## Sign-offs',
      '## Mitigations',
      '## Escalations',
      '## Timeline',
    ])
      expect(md.text).toContain(section);
    expect(md.text).toContain('| 2 | security | Medium | Rejected | The domain list is too revealing. |');
    // The timeline names people by name, never by address, and says what happened in words.
    const timeline = md.text.slice(md.text.indexOf('## Timeline'));
    expect(timeline).toContain('| proposer | created the review |');
    expect(timeline).not.toContain('@example.com');
    expect(md.text).toContain('> Weekly | triage of &lt;top> domains.');
    expect(md.text).toContain('Position paper of proposer (version 1):');
  });

  it('needs sign-in; a private review does not exist for outsiders', async () => {
    const priv = await reviewed(c, 2, { private: true });
    expect((await outcome(c.outsider.caller.export.json({ review: priv.key }))).code).toBe('NOT_FOUND');
    expect((await outcome(c.outsider.caller.export.markdown({ review: priv.key }))).code).toBe('NOT_FOUND');
    expect((await outcome(anonymousCaller(t.db).export.json({ review: priv.key }))).code).toBe(
      'UNAUTHORIZED',
    );
    const doc = await c.steward.caller.export.json({ review: priv.key });
    expect(doc.review).toMatchObject({ visibility: 'private', privateReason: 'Partnership not yet public.' });
  });
});
