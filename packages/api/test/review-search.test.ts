import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { outcome } from '../../../test/errors.ts';
import {
  approveAllAreas,
  type Cast,
  cast,
  completeForm,
  type Person,
  reviewed,
  submittedReview,
} from '../../../test/review-fixtures.ts';

/**
 * review.search (issue 15, "find anything") over the real database: PostgreSQL full-text search over the
 * key, title, product and current documentation, the visibility rule, every filter and sort, the gate per
 * channel; and review.flow, the flow of reviews through the pipeline's stages.
 */
let t: TestDatabase;
let c: Cast;
let otherProduct: number;
const keys: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  c = await cast(t.db);
  otherProduct = (
    await systemCaller(t.db).admin.createProduct({ name: 'Thunderbird Mail', ownerEmail: c.owner.email })
  ).id;
  // A draft whose documentation alone names zeppelins.
  keys.zeppelin = (
    await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Airship telemetry',
      channels: [{ channel: 'release', defaultState: 'off' }],
      form: completeForm(2, { questionsAnswered: 'How often do zeppelins appear on the new tab page?' }),
      visibility: 'public',
    })
  ).key;
  keys.submitted = (await submittedReview(c, 2)).key;
  keys.privateOne = (await submittedReview(c, 2, { private: true })).key;
  keys.sensitive = (await reviewed(c, 3)).key;
  keys.approved = (await reviewed(c, 3)).key;
  await approveAllAreas(c, keys.approved);
  keys.mail = (
    await c.proposer.caller.review.create({
      productId: otherProduct,
      title: 'Message list density',
      channels: [{ channel: 'pre_release', defaultState: 'off' }],
      form: completeForm(1),
      visibility: 'public',
    })
  ).key;
});
afterAll(() => t.drop());

const search = async (who: Person, input: Parameters<Person['caller']['review']['search']>[0]) =>
  who.caller.review.search(input);
const keysOf = async (who: Person, input: Parameters<Person['caller']['review']['search']>[0]) =>
  (await search(who, { limit: 100, ...input })).items.map((i) => i.key);

describe('full-text search', () => {
  it('finds a review by a word of its documentation, stemmed, and nothing else', async () => {
    expect(await keysOf(c.outsider, { q: 'zeppelin' })).toEqual([keys.zeppelin]);
    expect(await keysOf(c.outsider, { q: 'Zeppelins' })).toEqual([keys.zeppelin]);
  });

  it('finds by a word of the title, the product, and by the key', async () => {
    expect(await keysOf(c.outsider, { q: 'airship' })).toEqual([keys.zeppelin]);
    expect(await keysOf(c.outsider, { q: 'thunderbird' })).toEqual([keys.mail]);
    expect(await keysOf(c.outsider, { q: keys.sensitive!.toLowerCase() })).toEqual([keys.sensitive]);
  });

  it('reads only the current revision', async () => {
    const view = await c.proposer.caller.review.get({ review: keys.zeppelin! });
    await c.proposer.caller.review.saveDocumentation({
      review: keys.zeppelin!,
      baseRevision: view.currentRevision,
      form: completeForm(2, { questionsAnswered: 'How often do blimps appear on the new tab page?' }),
    });
    expect(await keysOf(c.outsider, { q: 'blimp' })).toEqual([keys.zeppelin]);
    expect(await keysOf(c.outsider, { q: 'zeppelin' })).toEqual([]);
  });

  it('respects visibility: a private review does not exist for an outsider', async () => {
    // Every sample review documents "cookie breakage".
    const outsider = await keysOf(c.outsider, { q: 'cookie' });
    const proposer = await keysOf(c.proposer, { q: 'cookie' });
    expect(outsider).not.toContain(keys.privateOne);
    expect(proposer).toContain(keys.privateOne);
    expect(await keysOf(c.steward, { q: 'cookie' })).toContain(keys.privateOne);
    expect(await keysOf(c.outsider, { q: keys.privateOne! })).toEqual([]);
    expect((await search(c.outsider, {})).total).toBe((await search(c.proposer, {})).total - 1);
  });
});

describe('filters', () => {
  it('by state, product, category', async () => {
    // Newest change first: the zeppelin draft was revised last.
    expect(await keysOf(c.proposer, { status: ['draft'] })).toEqual([keys.zeppelin, keys.mail]);
    expect(await keysOf(c.proposer, { productId: otherProduct })).toEqual([keys.mail]);
    expect(new Set(await keysOf(c.proposer, { category: 3 }))).toEqual(
      new Set([keys.sensitive, keys.approved]),
    );
    expect(await keysOf(c.proposer, { status: ['submitted'], q: 'cookie' })).toEqual([
      keys.privateOne,
      keys.submitted,
    ]);
  });

  it('by area waiting and by blocked on me', async () => {
    expect(await keysOf(c.proposer, { areaWaiting: 'security' })).toEqual([keys.sensitive]);
    expect(await keysOf(c.facilitators.privacy_technical, { blockedOnMe: true })).toEqual([keys.sensitive]);
    // The steward queue: the two submitted reviews.
    expect(new Set(await keysOf(c.steward, { blockedOnMe: true }))).toEqual(
      new Set([keys.submitted, keys.privateOne]),
    );
    expect(await keysOf(c.outsider, { blockedOnMe: true })).toEqual([]);
  });
});

describe('sort and pages', () => {
  it('by key, title and relevance, either way', async () => {
    const byKey = await keysOf(c.proposer, { sort: 'key' });
    expect(byKey).toEqual([...byKey].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3))));
    expect(await keysOf(c.proposer, { sort: 'key', order: 'desc' })).toEqual([...byKey].reverse());
    const byTitle = (await search(c.proposer, { sort: 'title', limit: 100 })).items.map((i) => i.title);
    expect(byTitle[0]).toBe('Airship telemetry');
    expect(byTitle.at(-1)).toBe('Message list density');
    // The title's words rank above the documentation's.
    const relevant = await keysOf(c.proposer, { q: 'message OR cookie', sort: 'relevance' });
    expect(relevant[0]).toBe(keys.mail);
  });

  it('pages with a total that stays the same on every page', async () => {
    const first = await search(c.proposer, { sort: 'key', limit: 2 });
    const second = await search(c.proposer, { sort: 'key', limit: 2, offset: 2 });
    expect(first.total).toBe(6);
    expect(second.total).toBe(6);
    expect(first.items.map((i) => i.id)[1]).toBeLessThan(second.items[0]!.id);
  });
});

describe('the gate per channel', () => {
  it('answers on each channel the review covers', async () => {
    const [approved] = (await search(c.proposer, { q: keys.approved! })).items;
    // All four areas approved: only the announcement is missing, on both channels.
    expect(approved?.gate.map((g) => [g.channel, g.canShip, g.blockers.length])).toEqual([
      ['pre_release', false, 1],
      ['release', false, 1],
    ]);
    expect(approved?.gate[0]?.blockers[0]).toMatch(/announcement/);
    const [mail] = (await search(c.proposer, { q: keys.mail! })).items;
    expect(mail?.gate.map((g) => g.channel)).toEqual(['pre_release']);
  });
});

describe('bad input', () => {
  it('is refused with the field named', async () => {
    const relevance = await outcome(c.proposer.caller.review.search({ sort: 'relevance' }));
    expect(relevance.code).toBe('BAD_REQUEST');
    expect(relevance.message).toMatch(/sort/);
    expect(relevance.message).toMatch(/search text/);
    const limit = await outcome(c.proposer.caller.review.search({ limit: 0 }));
    expect(limit.message).toMatch(/limit/);
    const status = await outcome(c.proposer.caller.review.search({ status: ['nope' as 'draft'] }));
    expect(status.message).toMatch(/status/);
    const unknown = await outcome(c.proposer.caller.review.search({ colour: 'red' } as never));
    expect(unknown.message).toMatch(/colour/);
  });
});

describe('review.flow', () => {
  it('counts where reviews wait and how long each stage took', async () => {
    const flow = await c.proposer.caller.review.flow();
    const stage = (s: string) => flow.stages.find((x) => x.stage === s)!;
    expect(flow.total).toBe(6);
    // Two drafts wait on the request, two submitted on a steward.
    expect(stage('request').now).toBe(2);
    expect(stage('steward').now).toBe(2);
    // One sensitive review waits on privacy/technical and data; the other, approved by all, on its announcement.
    expect(stage('privacy_data').now).toBe(1);
    expect(stage('legal_security').now).toBe(0);
    expect(stage('announcement').now).toBe(1);
    // Submitted four, reviewed by a steward two; one went through every area.
    expect(stage('request').passed).toBe(4);
    expect(stage('steward').passed).toBe(2);
    expect(stage('privacy_data').passed).toBe(1);
    expect(stage('legal_security').passed).toBe(1);
    expect(stage('steward').averageDays).toBeGreaterThanOrEqual(0);
    expect(stage('steward').averageDays).toBeLessThan(1);
    expect(stage('ship').averageDays).toBeNull();
    // Each figure links to its list: the stage filter finds exactly the reviews counted.
    for (const s of flow.stages) {
      const listed = await search(c.proposer, { stage: s.stage, limit: 100 });
      expect([s.stage, listed.items.length]).toEqual([s.stage, s.now]);
    }
    expect(await keysOf(c.proposer, { stage: 'announcement' })).toEqual([keys.approved]);
    // The outsider does not see the private review.
    const outsider = await c.outsider.caller.review.flow();
    expect(outsider.total).toBe(5);
    expect(outsider.stages.find((x) => x.stage === 'steward')?.now).toBe(1);
  });
});

describe('review.get: the pipeline and names in the timeline', () => {
  it('shows each stage with its state, owner and date', async () => {
    await c.facilitators.privacy_technical.caller.signOff.record({
      review: keys.sensitive!,
      area: 'privacy_technical',
      risk: 'low',
      decision: 'approved',
      rationale: 'Low risk.',
    });
    const view = await c.proposer.caller.review.get({ review: keys.sensitive! });
    const stage = (s: string) => view.pipeline.find((x) => x.stage === s)!;
    expect(view.pipeline.map((s) => s.stage)).toEqual([
      'request',
      'steward',
      'privacy_data',
      'legal_security',
      'announcement',
      'ship',
    ]);
    expect(stage('request')).toMatchObject({ state: 'done', parts: [{ personIds: [c.proposer.id] }] });
    expect(stage('steward')).toMatchObject({ state: 'done', parts: [{ personIds: [c.steward.id] }] });
    expect(stage('steward').parts[0]?.at).not.toBeNull();
    const [privacy, data] = stage('privacy_data').parts;
    expect(privacy).toMatchObject({ part: 'privacy_technical', state: 'done' });
    expect(privacy?.personIds).toEqual([c.facilitators.privacy_technical.id]);
    expect(data).toMatchObject({
      part: 'data',
      state: 'waiting',
      role: 'facilitator',
      action: 'record_sign_off',
    });
    expect(data?.personIds).toEqual([c.facilitators.data.id]);
    expect(stage('privacy_data').state).toBe('waiting');
    // Legal/trust and security wait for data first.
    expect(stage('legal_security').state).toBe('blocked');
    expect(stage('announcement')).toMatchObject({ state: 'waiting', parts: [{ action: 'announce' }] });
    expect(stage('ship').state).toBe('blocked');
    // Names for every person named by id.
    const names = new Map(view.people.map((p) => [p.id, p.name]));
    expect(names.get(c.facilitators.data.id)).toBe('data');
    // The timeline names people, not their email addresses.
    const signed = view.timeline.find((e) => e.actor === c.facilitators.privacy_technical.email);
    expect(signed?.actorName).toBe('privacy');
    expect(view.timeline.every((e) => e.actorName === null || !e.actorName.includes('@'))).toBe(true);
  });

  it('a category 1/2 review needs no sensitive stages', async () => {
    const r = await reviewed(c, 2);
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.pipeline.map((s) => s.state)).toEqual([
      'done',
      'done',
      'not_needed',
      'not_needed',
      'not_needed',
      'waiting',
    ]);
  });
});
