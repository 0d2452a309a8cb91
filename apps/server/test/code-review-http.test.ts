import { verifyChain } from '@signoff/core';
import { verifyAuditChains } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { person, systemCaller } from '../../../test/callers.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type GateServer, gateToken, startGateServer } from '../../../test/gate-fixtures.ts';
import { realMetricsYaml, withoutMetric, withSensitivity } from '../../../test/glean-text.ts';
import { type Cast, cast as castOf, reviewed } from '../../../test/review-fixtures.ts';

const FOG = realMetricsYaml('firefox-toolkit-components-glean-metrics.yaml');
const PATH = 'toolkit/components/glean/metrics.yaml';

let t: TestDatabase;
let server: GateServer;
let c: Cast;
let author: Awaited<ReturnType<typeof person>>;
let reviewer: Awaited<ReturnType<typeof person>>;
let intakeToken: string;
let gate: string;

beforeAll(async () => {
  t = await createTestDatabase();
  c = await castOf(t.db);
  author = await person(t.db, 'patch-author@example.com');
  reviewer = await person(t.db, 'patch-reviewer@example.com');
  intakeToken = (
    await systemCaller(t.db).admin.createToken({
      email: c.admin.email,
      scopes: ['intake:write'],
      name: 'bot',
    })
  ).token;
  gate = await gateToken(t.db, c.admin.email);
  server = await startGateServer(t);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const post = (path: string, body: unknown, bearer: string | null = intakeToken) =>
  fetch(`${server.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const get = (path: string, bearer: string | null = gate) =>
  fetch(`${server.base}${path}`, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});

const intake = (revision: string, extra: Record<string, unknown> = {}, bearer?: string) =>
  post(
    '/api/v1/intake/revisions',
    {
      system: 'phabricator',
      repository: 'mozilla-central',
      revision,
      title: `Bug 1900001 - ${revision}`,
      link: `https://phabricator.services.mozilla.com/${revision}`,
      author: author.email,
      reviewers: [reviewer.email, 'not-a-user@mozilla.com'],
      files: [{ path: PATH, before: withoutMetric(FOG, 'failed_idle_registration'), after: FOG }],
      ...extra,
    },
    bearer,
  );
const land = (revision: string, q = '', bearer?: string) =>
  get(`/api/v1/land/phabricator/mozilla-central/${revision}${q}`, bearer);
const trpc = async (bearer: string, path: string, input: unknown) => {
  const res = await post(`/trpc/${path}`, input, bearer);
  const body = await res.json();
  return { status: res.status, body, data: body.result?.data };
};
const assess = (
  who: { token: string },
  revision: string,
  level: string,
  extra: Record<string, unknown> = {},
) =>
  trpc(who.token, 'classification.assess', {
    system: 'phabricator',
    repository: 'mozilla-central',
    revision,
    level,
    comment: `${level}: see the metrics' data_sensitivity.`,
    ...extra,
  });
const count = async (table: 'code_revisions' | 'audit_events' | 'outbox' | 'classification_assessments') =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('POST /api/v1/intake/revisions', () => {
  it('takes in two versions of a real metrics.yaml: the metric missing before is added, classification needed', async () => {
    const mails = await count('outbox');
    const res = await intake('D100001');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      system: 'phabricator',
      repository: 'mozilla-central',
      revision: 'D100001',
      needsClassification: true,
      classification: 'needed',
      suggestedLevel: 'low',
      round: 1,
      unchanged: false,
    });
    expect(body.metrics.added.map((m: { name: string }) => m.name)).toEqual(['fog.failed_idle_registration']);
    expect(body.metrics.added[0]).toMatchObject({ dataSensitivity: ['technical'], file: PATH });
    expect(body.metrics.changed).toEqual([]);
    expect(body.metrics.removed).toEqual([]);
    // The author and both reviewers (one unknown to the product, recorded by email) are asked to assess it.
    const queued = await t.db
      .selectFrom('outbox')
      .select(['to_addresses', 'subject'])
      .orderBy('id')
      .offset(mails)
      .execute();
    expect(queued.flatMap((m) => m.to_addresses).sort()).toEqual(
      [author.email, reviewer.email, 'not-a-user@mozilla.com'].sort(),
    );
    expect(queued[0]?.subject).toContain('needs-data-classification');
  });

  it('the same intake again is idempotent: the same answer, nothing written', async () => {
    const before = await Promise.all([count('code_revisions'), count('audit_events'), count('outbox')]);
    const res = await intake('D100001');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ needsClassification: true, unchanged: true, round: 1 });
    expect(await Promise.all([count('code_revisions'), count('audit_events'), count('outbox')])).toEqual(
      before,
    );
  });

  it('a change of data_sensitivity is a changed metric, and suggests high', async () => {
    const res = await intake('D100002', {
      files: [{ path: PATH, before: FOG, after: withSensitivity(FOG, 'initializations', ['web_activity']) }],
    });
    const body = await res.json();
    expect(body.metrics.changed).toMatchObject([
      {
        name: 'fog.initializations',
        changedFields: ['data_sensitivity'],
        dataSensitivity: ['web_activity'],
        dataSensitivityBefore: ['technical'],
      },
    ]);
    expect(body).toMatchObject({ needsClassification: true, suggestedLevel: 'high' });
  });

  it('only removed metrics need no classification; a manual tag does; unknown repositories are fine', async () => {
    const removed = await (
      await intake('D100003', {
        files: [{ path: PATH, before: FOG, after: withoutMetric(FOG, 'initializations') }],
      })
    ).json();
    expect(removed).toMatchObject({ needsClassification: false, classification: 'not_needed' });
    expect(removed.metrics.removed.map((m: { name: string }) => m.name)).toEqual(['fog.initializations']);
    const manual = await post('/api/v1/intake/revisions', {
      system: 'github',
      repository: 'mozilla/some-new-repo',
      revision: '42',
      title: 'Telemetry outside Glean',
      author: author.email,
      needsClassification: true,
    });
    expect(manual.status).toBe(200);
    expect(await manual.json()).toMatchObject({ needsClassification: true, suggestedLevel: null });
  });

  it('refuses without a token (401) and with a token of another scope (403)', async () => {
    expect((await intake('D100009', {}, '')).status).toBe(401);
    const wrong = await intake('D100009', {}, gate);
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.message).toContain('intake:write');
    // A person's session is not the code-review system: only an admin's may take revisions in.
    expect((await intake('D100009', {}, author.token)).status).toBe(403);
  });

  it('bad input: 400 naming the field, or the file and line; nothing is written', async () => {
    const before = await Promise.all([count('code_revisions'), count('audit_events')]);
    const notJson = await post('/api/v1/intake/revisions', '{"system":');
    expect(notJson.status).toBe(400);
    const noAuthor = await intake('D100010', { author: 'nobody' });
    expect(noAuthor.status).toBe(400);
    const noAuthorBody = await noAuthor.json();
    expect(noAuthorBody.error.message).toMatch(/^author: /);
    expect(noAuthorBody.error.issues[0]).toMatchObject({ field: 'author' });
    const badRevision = await intake('D 1');
    expect((await badRevision.json()).error.message).toMatch(/^revision: /);
    const broken = FOG.replace('fog:\n', 'fog:\n  - [unclosed\n');
    const yaml = await intake('D100011', { files: [{ path: PATH, before: FOG, after: broken }] });
    expect(yaml.status).toBe(400);
    const yamlBody = await yaml.json();
    expect(yamlBody.error.code).toBe('VALIDATION');
    expect(yamlBody.error.message).toMatch(new RegExp(`${PATH.replace(/\./g, '\\.')} \\(after\\):\\d+`));
    expect(yamlBody.error.issues[0]).toMatchObject({ file: `${PATH} (after)` });
    expect(yamlBody.error.issues[0].line).toBeGreaterThan(1);
    expect(await Promise.all([count('code_revisions'), count('audit_events')])).toEqual(before);
  });
});

describe('GET /api/v1/land/{system}/{repository}/{revision}', () => {
  it('a revision that needs classification may not land: NEEDS_DATA_CLASSIFICATION, owned by its reviewers', async () => {
    const res = await land('D100001');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ canLand: false, classification: 'needed', channel: 'pre_release' });
    expect(body.blockers).toHaveLength(1);
    expect(body.blockers[0].code).toBe('NEEDS_DATA_CLASSIFICATION');
    expect(body.blockers[0].message).toContain('changes data collection');
    expect(body.blockers[0].owner).toEqual({
      role: 'reviewer',
      emails: ['not-a-user@mozilla.com', reviewer.email].sort(),
    });
  });

  it('a revision without metrics may land', async () => {
    await post('/api/v1/intake/revisions', {
      system: 'phabricator',
      repository: 'mozilla-central',
      revision: 'D100020',
      title: 'Fix a typo',
      author: author.email,
      reviewers: [reviewer.email],
    });
    const body = await (await land('D100020')).json();
    expect(body).toMatchObject({ canLand: true, classification: 'not_needed', blockers: [] });
  });

  it('404 for a revision never taken in, 400 naming a bad channel, 401/403 for tokens', async () => {
    expect((await land('D999999')).status).toBe(404);
    const bad = await land('D100001', '?channel=nightly');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/^channel: /);
    expect((await land('D100001', '', '')).status).toBe(401);
    expect((await land('D100001', '', intakeToken)).status).toBe(403);
  });
});

describe('classification.assess', () => {
  it('low is refused for a stored_content metric, with the reason; nothing is recorded', async () => {
    await intake('D100030', {
      files: [
        { path: PATH, before: FOG, after: withSensitivity(FOG, 'initializations', ['stored_content']) },
      ],
    });
    const before = await count('classification_assessments');
    const refused = await assess(reviewer, 'D100030', 'low');
    expect(refused.status).toBe(412);
    expect(refused.body.error.message).toContain('fog.initializations (stored_content)');
    expect(refused.body.error.message).toContain('above interaction');
    expect(await count('classification_assessments')).toBe(before);
  });

  it('someone neither author nor reviewer may not assess; a comment is required', async () => {
    expect((await assess(c.outsider, 'D100001', 'low')).status).toBe(403);
    const empty = await assess(author, 'D100001', 'low', { comment: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/^comment: /);
  });

  it('author low, then reviewer low: settled low, the revision may land', async () => {
    const mine = await assess(author, 'D100001', 'low');
    expect(mine.status).toBe(200);
    expect(mine.data).toMatchObject({ level: 'low', settled: false, classification: 'needed' });
    expect((await (await land('D100001')).json()).blockers[0].message).toContain(
      'a reviewer must assess it too',
    );
    const theirs = await assess(reviewer, 'D100001', 'low');
    expect(theirs.data).toMatchObject({ level: 'low', settled: true, classification: 'low' });
    expect(theirs.data.assessments.map((a: { role: string; comment: string }) => a.role)).toEqual([
      'author',
      'reviewer',
    ]);
    expect(await (await land('D100001')).json()).toMatchObject({ canLand: true, classification: 'low' });
  });

  it('author low and reviewer high → high; the stewards become blocking reviewers; a new draft review is linked; DATA_REVIEW_PENDING', async () => {
    await intake('D100040');
    await assess(author, 'D100040', 'low');
    const mails = await count('outbox');
    const high = await assess(reviewer, 'D100040', 'high', { newReview: { productId: c.productId } });
    expect(high.status).toBe(200);
    expect(high.data).toMatchObject({ level: 'high', disagreement: true, classification: 'high' });
    expect(high.data.reviewers).toContainEqual({ email: c.steward.email, blocking: true, dataSteward: true });
    const key: string = high.data.review.key;
    expect(high.data.review.status).toBe('draft');
    // The stewards are told.
    const told = await t.db.selectFrom('outbox').select('to_addresses').orderBy('id').offset(mails).execute();
    expect(told.flatMap((m) => m.to_addresses)).toContain(c.steward.email);
    // The draft is prefilled from the revision's metrics, as the Glean import does.
    const asReviewer = await reviewer.caller.review.get({ review: key });
    expect(asReviewer.form.measurements?.map((m) => m.name)).toEqual(['fog.failed_idle_registration']);
    expect(asReviewer.externalRefs).toContainEqual({
      kind: 'code_review',
      value: 'https://phabricator.services.mozilla.com/D100040',
    });

    const body = await (await land('D100040')).json();
    expect(body).toMatchObject({ canLand: false, classification: 'high' });
    expect(body.blockers.map((b: { code: string }) => b.code)).toEqual(['DATA_REVIEW_PENDING']);
    expect(body.blockers[0].owner).toEqual({ role: 'data_steward', emails: [c.steward.email] });
    expect(body.review.key).toBe(key);
    expect(body.review.canShip).toBe(false);
    expect(body.review.blockers.map((b: { code: string }) => b.code)).toContain('NOT_SUBMITTED');
    expect(body.blockers[0].message).toContain(`${key} may not yet ship on pre_release`);
  });

  it('a high revision linked to an existing review that may ship may land', async () => {
    const ready = await reviewed(c, 2);
    await intake('D100050');
    const opted = await assess(author, 'D100050', 'high', { review: ready.key });
    expect(opted.status).toBe(200);
    expect(opted.data).toMatchObject({ level: 'high', settled: true });
    expect(opted.data.review.key).toBe(ready.key);
    expect(await (await land('D100050', '?channel=release')).json()).toMatchObject({
      canLand: true,
      classification: 'high',
      review: { key: ready.key, canShip: true },
    });
  });

  it('a resend that brings a metric not yet classified needs classification again', async () => {
    const again = await intake('D100001', {
      files: [{ path: PATH, before: withoutMetric(FOG, 'initializations'), after: FOG }],
    });
    expect(await again.json()).toMatchObject({ needsClassification: true, reopened: true, round: 2 });
    expect((await (await land('D100001')).json()).blockers[0].code).toBe('NEEDS_DATA_CLASSIFICATION');
    // The first diff again: already classified, so it stays settled.
    await assess(reviewer, 'D100001', 'low');
    const first = await (await intake('D100001')).json();
    expect(first).toMatchObject({ needsClassification: false, reopened: false, classification: 'low' });
  });

  it("the stewards' queue lists revisions needing classification and high ones; others may not read it", async () => {
    const res = await fetch(`${server.base}/trpc/classification.queue`, {
      headers: { authorization: `Bearer ${c.steward.token}` },
    });
    const rows = (await res.json()).result.data as { revision: string; classification: string }[];
    const byRevision = Object.fromEntries(rows.map((r) => [r.revision, r.classification]));
    expect(byRevision).toMatchObject({
      D100002: 'needed',
      D100030: 'needed',
      D100040: 'high',
      D100050: 'high',
    });
    expect(byRevision.D100003).toBeUndefined();
    expect(byRevision.D100020).toBeUndefined();
    const other = await fetch(`${server.base}/trpc/classification.queue`, {
      headers: { authorization: `Bearer ${author.token}` },
    });
    expect(other.status).toBe(403);
  });

  it('every step is in a verifiable audit chain of its own', async () => {
    const events = await t.db
      .selectFrom('audit_events')
      .select(['action', 'stream'])
      .where('stream', 'like', 'code-revision:%')
      .execute();
    const actions = new Set(events.map((e) => e.action));
    for (const a of [
      'revision.taken_in',
      'revision.taken_in_again',
      'classification.assessed',
      'classification.high',
      'classification.linked',
    ])
      expect(actions).toContain(a);
    expect((await verifyAuditChains(t.db, verifyChain)).broken).toBeNull();
  });
});

describe('OpenAPI', () => {
  it('documents both routes', async () => {
    const doc = await (await fetch(`${server.base}/api/v1/openapi.json`)).json();
    expect(doc.paths['/intake/revisions'].post).toBeTruthy();
    expect(doc.paths['/land/{system}/{repository}/{revision}'].get).toBeTruthy();
  });
});
