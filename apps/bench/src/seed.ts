import { createCaller, createContextInner } from '@signoff/api';
import { AREAS, areasApproved, chainHash, GENESIS_HASH, type SignOffFact } from '@signoff/core';
import { type Db, hashedContent } from '@signoff/db';
import { sql } from 'kysely';

/**
 * A realistic database for the benchmark, written directly with set-based SQL (INSERT ... SELECT over
 * generate_series), so 100,000 reviews take seconds, not hours. The shape follows the real workflow:
 * most reviews are done (approved or shipped), some wait on a steward or on area sign-offs; sensitive
 * ones carry sign-offs (with history on older revisions), mitigations, announcements, discussions and
 * a few escalations. Every review has its own audit stream with a valid hash chain.
 */
export interface SeedOptions {
  reviews: number;
  /** Code revisions for the landing check (default 1,000): a third without metrics, a third low, a third high. */
  codeRevisions?: number;
  /** People who propose reviews (written directly; they never sign in). */
  proposers?: number;
  products?: number;
  log?: (line: string) => void;
}

export interface Seeded {
  reviews: number;
  /** An automation token with scope gate:read. */
  gateToken: string;
  /** A signed-in facilitator of privacy_technical: whose inbox the benchmark reads. */
  facilitatorToken: string;
  /** Code revisions taken in (`phabricator mozilla-central D100001…`): what the landing check asks about. */
  codeRevisions: number;
  auditEvents: number;
  ms: number;
}

export const FACILITATOR_PASSWORD = 'bench-facilitator-password';
/** The facilitator (privacy_technical) whose inbox the benchmark reads. */
export const FACILITATOR_EMAIL = 'privacy_technical@bench.example';

/** A complete category 4 request form: the same for every seeded revision (content realistic in size). */
const FORM = {
  questionsAnswered: 'Which sites break with the new cookie policy, and how often?',
  whyMozillaNeedsIt: 'To fix web compatibility before the policy reaches release.',
  alternativesConsidered: 'Manual testing of the top sites; it misses long-tail breakage.',
  currentInstrumentation: 'No: current telemetry does not record which site broke.',
  measurements: [
    {
      name: 'cookies.breakage_site',
      description: 'Top-level domain of a page that broke.',
      // Category 1 so that no seeded review's measurements rise above its category (the steward's
      // category may be higher; a measurement above it would wait for re-categorisation).
      category: 1,
      trackingBug: '1900001',
    },
    {
      name: 'cookies.breakage_count',
      description: 'How many breakages were reported.',
      category: 1,
      trackingBug: '1900001',
    },
  ],
  publicDocumentationUrl: 'https://dictionary.telemetry.mozilla.org/cookies',
  collectionPeriod: { expires: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10) },
  populationChannels: 'Nightly and Beta.',
  populationCountries: 'All countries.',
  populationLocales: 'All locales.',
  populations: 'No other filters.',
  turnOffMechanism: 'The telemetry preference in Settings > Privacy turns it off.',
  analysis: 'The web compatibility team triages the top domains weekly.',
  resultsSharing: 'Internal dashboards; aggregated results in the web compatibility report.',
  thirdPartyDataPath: 'no_third_party_tool',
  implementationDetails: 'Only the eTLD+1 of the broken page is sent, never the full URL.',
  intendedUse: 'Prioritise compatibility fixes.',
  valueToUsers: 'Fewer broken sites.',
  advanceUserNotice: 'A notice in the release notes and a first-run panel.',
  consentMechanism: 'An explicit opt-in checkbox in the breakage reporter.',
  optOutMechanism: 'Unchecking the box or the telemetry preference.',
};

const STEWARD_ANSWERS = {
  publicDocumentation: { answer: 'yes' },
  userControl: { answer: 'yes' },
  monitoring: { answer: 'yes' },
  newIdentifiers: { answer: 'no' },
  privacyNoticeCoverage: { answer: 'yes' },
  thirdPartyTool: { answer: 'no' },
};

export async function seedDatabase(db: Db, opts: SeedOptions): Promise<Seeded> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const n = opts.reviews;
  const proposers = opts.proposers ?? Math.max(10, Math.min(2000, Math.round(n / 50)));
  const productCount = opts.products ?? 25;

  // People who sign in, products and the gate token go through the real, audited procedures.
  const system = createCaller(createContextInner({ db, principal: { kind: 'system', label: 'bench' } }));
  const owner = await system.admin.createUser({
    email: 'owner@bench.example',
    displayName: 'Product Owner',
    password: 'bench-owner-password',
    roles: ['admin'],
    areas: [],
  });
  const steward = await system.admin.createUser({
    email: 'steward@bench.example',
    displayName: 'Data Steward',
    password: 'bench-steward-password',
    roles: ['steward'],
    areas: [],
  });
  const facilitator: Record<string, number> = {};
  for (const area of AREAS) {
    const p = await system.admin.createUser({
      email: `${area}@bench.example`,
      displayName: `Facilitator ${area}`,
      password: FACILITATOR_PASSWORD,
      roles: [],
      areas: [area],
    });
    facilitator[area] = p.id;
  }
  const products: number[] = [];
  for (let i = 1; i <= productCount; i++)
    products.push(
      (await system.admin.createProduct({ name: `Product ${i}`, ownerEmail: 'owner@bench.example' })).id,
    );
  const { token: gateToken } = await system.admin.createToken({
    email: 'owner@bench.example',
    scopes: ['gate:read'],
    name: 'bench gate',
  });
  const anonymous = createCaller(createContextInner({ db }));
  const { token: facilitatorToken } = await anonymous.auth.signIn({
    email: FACILITATOR_EMAIL,
    password: FACILITATOR_PASSWORD,
  });

  const step = async (label: string, query: ReturnType<typeof sql>) => {
    const t = Date.now();
    const r = await query.execute(db);
    log(`  ${label}: ${r.numAffectedRows ?? 0} rows in ${Date.now() - t} ms`);
  };

  await sql`SET synchronous_commit = off`.execute(db);
  const firstProposer = (
    await sql<{ id: number }>`
      INSERT INTO people (email, display_name)
      SELECT 'proposer' || i || '@bench.example', 'Proposer ' || i FROM generate_series(1, ${proposers}::int) i
      RETURNING id`.execute(db)
  ).rows[0]!.id;
  const firstProduct = products[0]!;
  const fac = (area: string) => facilitator[area]!;

  // Status and category follow a realistic mix: most reviews are finished.
  await step(
    'reviews',
    sql`
    INSERT INTO reviews (id, product_id, title, status, proposer_id, requester_id, runs_in_experiments,
      visibility, private_reason, category, steward_outcome, current_revision, version,
      created_at, updated_at, submitted_at, shipped_at)
    OVERRIDING SYSTEM VALUE
    SELECT g, ${firstProduct}::bigint + g % ${productCount}, 'Collection ' || g || ': ' ||
        (ARRAY['cookie breakage', 'search engagement', 'crash signatures', 'tab usage', 'sync health'])[1 + g % 5],
      st, ${firstProposer}::bigint + g % ${proposers}, ${firstProposer}::bigint + g % ${proposers}, g % 7 = 0,
      CASE WHEN g % 20 = 0 THEN 'private' ELSE 'public' END,
      CASE WHEN g % 20 = 0 THEN 'Partnership not yet public.' END,
      CASE WHEN st = 'sensitive_review' THEN CASE WHEN c < 85 THEN 3 ELSE 4 END
           WHEN st IN ('approved', 'shipped') THEN CASE WHEN c < 45 THEN 1 WHEN c < 80 THEN 2 WHEN c < 96 THEN 3 ELSE 4 END
           WHEN st = 'returned' THEN 2 END,
      CASE WHEN st IN ('sensitive_review', 'approved', 'shipped') THEN 'data-review+'
           WHEN st = 'returned' THEN 'data-review-' END,
      CASE WHEN st = 'draft' THEN 1 ELSE 1 + g % 3 END, 1 + g % 5,
      at, at + interval '3 days', CASE WHEN st <> 'draft' THEN at + interval '1 hour' END,
      CASE WHEN st = 'shipped' THEN at + interval '20 days' END
    FROM (
      SELECT g, abs(hashint4(-g)) % 100 AS c, timestamptz '2022-01-01' + g * interval '17 minutes' AS at,
        CASE WHEN s < 6 THEN 'draft' WHEN s < 12 THEN 'submitted' WHEN s < 15 THEN 'returned'
             WHEN s < 27 THEN 'sensitive_review' WHEN s < 75 THEN 'approved' WHEN s < 97 THEN 'shipped'
             ELSE 'withdrawn' END AS st
      FROM (SELECT g, abs(hashint4(g)) % 100 AS s FROM generate_series(1, ${n}::int) g) x
    ) y`,
  );
  await sql`SELECT setval(pg_get_serial_sequence('reviews', 'id'), ${n})`.execute(db);

  await step(
    'review_channels',
    sql`
    INSERT INTO review_channels (review_id, channel, default_state)
    SELECT r.id, ch, CASE WHEN coalesce(r.category, 1) <= 2 AND r.id % 3 = 0 THEN 'on' ELSE 'off' END
    FROM reviews r CROSS JOIN unnest(ARRAY['release', 'pre_release']) ch
    WHERE NOT (ch = 'release' AND r.id % 11 = 0)`,
  );
  await step(
    'external_refs',
    sql`
    INSERT INTO external_refs (review_id, kind, value)
    SELECT id, 'bug', (1000000 + id)::text FROM reviews
    UNION ALL
    SELECT id, 'code_review', 'https://phabricator.services.mozilla.com/D' || (200000 + id) FROM reviews WHERE id % 10 < 3`,
  );
  await step(
    'revisions',
    sql`
    INSERT INTO revisions (review_id, number, author_id, created_at, content, content_hash)
    SELECT r.id, k, r.proposer_id, r.created_at + k * interval '1 hour',
      jsonb_set(${JSON.stringify(FORM)}::jsonb, '{questionsAnswered}', to_jsonb('Revision ' || k || ' of ' || r.key)),
      md5(r.id || ':' || k)
    FROM reviews r CROSS JOIN LATERAL generate_series(1, r.current_revision) k`,
  );
  await step(
    'steward_reviews',
    sql`
    INSERT INTO steward_reviews (review_id, revision, steward_id, answers, category, category_reason, outcome, comment, created_at)
    SELECT id, 1, ${steward.id}, ${JSON.stringify(STEWARD_ANSWERS)}::jsonb, category,
      CASE WHEN category >= 3 THEN 'Collects browsing data.' END, steward_outcome,
      'Reviewed against the request form.', submitted_at + interval '1 day'
    FROM reviews WHERE steward_outcome IS NOT NULL`,
  );

  // Sign-offs: every area of a sensitive review; history on revision 1 first, so the latest per area counts.
  const areaRows = sql`unnest(${sql.val([...AREAS])}::text[], ${sql.val(AREAS.map(fac))}::bigint[]) WITH ORDINALITY AS a(area, facilitator_id, i)`;
  const sensitive = sql`r.category >= 3 AND r.status IN ('sensitive_review', 'approved', 'shipped')`;
  await step(
    'sign_offs (history)',
    sql`
    INSERT INTO sign_offs (review_id, area, revision, facilitator_id, risk, decision, rationale, created_at)
    SELECT r.id, a.area, 1, a.facilitator_id, 'medium', 'changes_requested',
      'Please document the retention period.', r.submitted_at + interval '2 days'
    FROM reviews r CROSS JOIN ${areaRows}
    WHERE ${sensitive} AND r.current_revision > 1 AND (r.id + a.i) % 2 = 0`,
  );
  await step(
    'sign_offs (current)',
    sql`
    INSERT INTO sign_offs (review_id, area, revision, facilitator_id, risk, decision, rationale, trust_approval, created_at)
    SELECT r.id, a.area,
      CASE WHEN r.status = 'sensitive_review' AND (r.id + a.i) % 4 = 0 THEN greatest(r.current_revision - 1, 1)
           ELSE r.current_revision END,
      a.facilitator_id,
      CASE WHEN r.status = 'sensitive_review' AND (r.id + a.i) % 10 = 0 THEN 'high'
           WHEN (r.id + a.i) % 3 = 0 THEN 'medium' ELSE 'low' END,
      CASE WHEN r.status = 'sensitive_review' AND (r.id + a.i) % 9 = 0 THEN 'changes_requested' ELSE 'approved' END,
      'Low risk; precedent exists.', a.area = 'legal_trust' AND r.status <> 'sensitive_review',
      r.submitted_at + interval '5 days'
    FROM reviews r CROSS JOIN ${areaRows}
    WHERE ${sensitive} AND (r.status <> 'sensitive_review' OR (r.id + a.i) % 3 <> 0)`,
  );
  await seedApprovedAreas(db, log);
  await step(
    'mitigations',
    sql`
    INSERT INTO mitigations (review_id, area, kind, description, state, created_by, implemented_revision, decided_by, created_at)
    SELECT r.id, m.area, (ARRAY['ux_notice', 'technical_control', 'risk_assessment', 'other'])[1 + r.id % 4],
      'Truncate the domain to eTLD+1 before sending.', m.state, ${sql.val(fac('privacy_technical'))},
      CASE WHEN m.state IN ('implemented', 'accepted') THEN r.current_revision END,
      CASE WHEN m.state IN ('accepted', 'withdrawn') THEN ${sql.val(fac('privacy_technical'))}::bigint END,
      r.submitted_at + interval '3 days'
    FROM reviews r CROSS JOIN LATERAL (VALUES
      ((ARRAY['privacy_technical', 'data', 'legal_trust', 'security'])[1 + (r.id / 4) % 4],
       CASE WHEN r.status = 'sensitive_review'
            THEN (ARRAY['requested', 'proposed', 'implemented', 'accepted'])[1 + (r.id / 16) % 4]
            ELSE 'accepted' END),
      ('security', CASE WHEN r.id % 16 = 0 THEN 'withdrawn' END)) AS m(area, state)
    WHERE ${sensitive} AND r.id % 4 = 0 AND m.state IS NOT NULL`,
  );
  await step(
    'announcements',
    sql`
    INSERT INTO announcements (review_id, method, archive_link, recorded_by, created_at)
    SELECT r.id, 'manual', 'https://groups.google.com/a/mozilla.com/g/data-review/c/' || md5(r.key),
      r.proposer_id, r.submitted_at + interval '6 days'
    FROM reviews r WHERE ${sensitive} AND (r.status <> 'sensitive_review' OR r.id % 3 = 0)`,
  );
  await step(
    'discussions',
    sql`
    INSERT INTO discussions (review_id, area, state, scheduled_for, agenda, notes, created_by, created_at)
    SELECT r.id, 'privacy_technical', CASE WHEN r.id % 10 = 0 THEN 'held' ELSE 'scheduled' END,
      r.submitted_at + interval '7 days', 'Walk through the risk assessment.',
      CASE WHEN r.id % 10 = 0 THEN 'Agreed on truncation.' END, ${sql.val(fac('privacy_technical'))},
      r.submitted_at + interval '4 days'
    FROM reviews r WHERE ${sensitive} AND r.id % 5 = 0`,
  );
  await step(
    'escalations',
    sql`
    INSERT INTO escalations (review_id, opened_by, facilitator_id, areas, question, state, decision, rationale,
      decided_by, decided_at, created_at)
    SELECT r.id, ${sql.val(fac('privacy_technical'))}, ${sql.val(fac('privacy_technical'))}, ARRAY['privacy_technical'],
      'Proceed despite the requested changes?',
      CASE WHEN r.status = 'sensitive_review' THEN 'open' ELSE 'decided' END,
      CASE WHEN r.status = 'sensitive_review' THEN NULL ELSE 'proceed' END,
      CASE WHEN r.status = 'sensitive_review' THEN NULL ELSE 'The value outweighs the residual risk.' END,
      CASE WHEN r.status = 'sensitive_review' THEN NULL ELSE ${owner.id}::bigint END,
      CASE WHEN r.status = 'sensitive_review' THEN NULL ELSE r.submitted_at + interval '9 days' END,
      r.submitted_at + interval '8 days'
    FROM reviews r WHERE ${sensitive} AND r.id % 50 = 0`,
  );
  await step(
    'comments',
    sql`
    INSERT INTO comments (review_id, area, author_id, body, created_at)
    SELECT r.id, 'data', ${sql.val(fac('data'))}, 'Is the eTLD+1 hashed before it is sent?', r.created_at + interval '2 hours'
    FROM reviews r WHERE r.id % 10 < 3`,
  );

  const revisions = opts.codeRevisions ?? 1000;
  // Code revisions taken in: i % 3 = 0 changes no metric, 1 was classified low by a reviewer, 2 high
  // (author low, reviewer high) and linked to a review, with the data steward as a blocking reviewer.
  const metric = JSON.stringify({
    name: 'cookies.breakage_site',
    change: 'added',
    file: 'toolkit/components/cookies/metrics.yaml',
    line: 12,
    type: 'string',
    dataSensitivity: ['technical'],
    category: 1,
    dataSensitivityBefore: null,
    changedFields: [],
    fingerprint: 'f'.repeat(64),
    description: 'Top-level domain of a page that broke.',
    bugs: ['https://bugzilla.mozilla.org/show_bug.cgi?id=1900001'],
    expires: 'never',
    notificationEmails: ['cookies@bench.example'],
  });
  const reviewerEmail = 'privacy_technical@bench.example';
  await step(
    'code revisions',
    sql`
    INSERT INTO code_revisions (system, repository, revision, title, link, author_email, metrics, files, intake_hash,
                                round_fingerprints, classified_fingerprints, review_id)
    SELECT 'phabricator', 'mozilla-central', 'D' || (100000 + i), 'Bug ' || (1900000 + i) || ' - bench revision',
           'https://phabricator.services.mozilla.com/D' || (100000 + i), 'proposer' || (i % ${proposers} + 1) || '@bench.example',
           CASE WHEN i % 3 = 0 THEN '{"added":[],"changed":[],"removed":[]}'::jsonb
                ELSE jsonb_build_object('added', jsonb_build_array(${metric}::jsonb), 'changed', '[]'::jsonb, 'removed', '[]'::jsonb) END,
           '[]'::jsonb, md5(i::text),
           CASE WHEN i % 3 = 0 THEN '{}'::text[] ELSE ARRAY[md5(i::text)] END,
           CASE WHEN i % 3 = 0 THEN '{}'::text[] ELSE ARRAY[md5(i::text)] END,
           CASE WHEN i % 3 = 2 THEN (SELECT min(id) FROM reviews) + (i * 7919) % ${n} END
    FROM generate_series(1, ${revisions}::int) i`,
  );
  await step(
    'code revision reviewers',
    sql`
    INSERT INTO code_revision_reviewers (code_revision_id, email, blocking, data_steward)
    SELECT id, ${reviewerEmail}, false, false FROM code_revisions
    UNION ALL
    SELECT id, 'steward@bench.example', true, true FROM code_revisions WHERE review_id IS NOT NULL`,
  );
  await step(
    'classification assessments',
    sql`
    INSERT INTO classification_assessments (code_revision_id, round, person_id, email, role, level, comment)
    SELECT c.id, 1, p.id, p.email, 'author', 'low', 'Technical data.'
    FROM code_revisions c JOIN people p ON p.email = c.author_email WHERE cardinality(c.round_fingerprints) > 0
    UNION ALL
    SELECT c.id, 1, ${sql.val(fac('privacy_technical'))}, ${reviewerEmail}, 'reviewer',
           CASE WHEN c.review_id IS NULL THEN 'low' ELSE 'high' END, 'Checked the metrics.'
    FROM code_revisions c WHERE cardinality(c.round_fingerprints) > 0`,
  );

  const auditEvents = await seedAudit(db, log);
  const t = Date.now();
  await sql`VACUUM ANALYZE`.execute(db);
  log(`  vacuum analyze: ${Date.now() - t} ms`);
  return {
    reviews: n,
    gateToken,
    facilitatorToken,
    codeRevisions: revisions,
    auditEvents,
    ms: Date.now() - started,
  };
}

/**
 * `reviews.approved_areas` as the commands keep it (core's areasApproved over each review's sign-offs at
 * its current revision): the sign-offs above were written by SQL, past the commands.
 */
async function seedApprovedAreas(db: Db, log: (line: string) => void): Promise<void> {
  const t = Date.now();
  const { rows } = await sql<SignOffFact & { review_id: number; current_revision: number }>`
    SELECT s.review_id, r.current_revision, s.area, s.revision, s.risk, s.decision, s.trust_approval AS "trustApproval"
    FROM sign_offs s JOIN reviews r ON r.id = s.review_id ORDER BY s.id`.execute(db);
  const byReview = new Map<number, { current: number; signOffs: SignOffFact[] }>();
  for (const row of rows) {
    const entry = byReview.get(row.review_id) ?? { current: row.current_revision, signOffs: [] };
    entry.signOffs.push(row);
    byReview.set(row.review_id, entry);
  }
  const ids = [...byReview.keys()];
  const areas = ids.map((id) => {
    const e = byReview.get(id)!;
    return `{${areasApproved(e.signOffs, e.current).join(',')}}`;
  });
  for (let i = 0; i < ids.length; i += 10_000)
    await sql`
      UPDATE reviews r SET approved_areas = u.areas::text[]
      FROM unnest(${sql.val(ids.slice(i, i + 10_000))}::bigint[], ${sql.val(areas.slice(i, i + 10_000))}::text[]) AS u(id, areas)
      WHERE r.id = u.id`.execute(db);
  log(`  approved areas: ${ids.length} reviews in ${Date.now() - t} ms`);
}

interface AuditReview {
  id: number;
  key: string;
  status: string;
  category: number | null;
  current_revision: number;
  proposer_id: number;
  created_at: Date;
}

/**
 * Each review's own stream ('review:<id>'), chained with the product's hash function, so
 * `npm run audit:verify` accepts the seeded database. Written in large multi-row batches (unnest).
 */
async function seedAudit(db: Db, log: (line: string) => void): Promise<number> {
  const t = Date.now();
  let total = 0;
  const BATCH = 20_000;
  let lastId = 0;
  const cols = {
    stream: [] as string[],
    seq: [] as number[],
    review_id: [] as number[],
    actor_id: [] as number[],
    actor_label: [] as string[],
    action: [] as string[],
    subject: [] as string[],
    after: [] as string[],
    at: [] as string[],
    prev_hash: [] as string[],
    hash: [] as string[],
  };
  const flush = async () => {
    if (cols.stream.length === 0) return;
    await sql`
      INSERT INTO audit_events (stream, seq, review_id, actor_id, actor_label, action, subject, before, after, at, prev_hash, hash)
      SELECT stream, seq, review_id, actor_id, actor_label, action, subject, 'null'::jsonb, after::jsonb, at::timestamptz, prev_hash, hash
      FROM unnest(${cols.stream}::text[], ${cols.seq}::int[], ${cols.review_id}::bigint[], ${cols.actor_id}::bigint[],
        ${cols.actor_label}::text[], ${cols.action}::text[], ${cols.subject}::text[], ${cols.after}::text[],
        ${cols.at}::text[], ${cols.prev_hash}::text[], ${cols.hash}::text[])
        AS e(stream, seq, review_id, actor_id, actor_label, action, subject, after, at, prev_hash, hash)`.execute(
      db,
    );
    total += cols.stream.length;
    for (const c of Object.values(cols)) c.length = 0;
  };
  for (;;) {
    const { rows } = await sql<AuditReview>`
      SELECT id, key, status, category, current_revision, proposer_id, created_at FROM reviews
      WHERE id > ${lastId} ORDER BY id LIMIT 5000`.execute(db);
    if (rows.length === 0) break;
    lastId = rows.at(-1)!.id;
    for (const r of rows) {
      const stream = `review:${r.id}`;
      let prevHash = GENESIS_HASH;
      for (const [i, [action, after]] of auditStory(r).entries()) {
        const e = {
          stream,
          seq: i + 1,
          reviewId: r.id,
          actorId: r.proposer_id,
          actorLabel: `person:${r.proposer_id}`,
          action,
          subject: r.key,
          before: null,
          after,
          at: new Date(r.created_at.getTime() + i * 3_600_000),
        };
        const hash = chainHash(prevHash, hashedContent(e));
        cols.stream.push(stream);
        cols.seq.push(e.seq);
        cols.review_id.push(r.id);
        cols.actor_id.push(r.proposer_id);
        cols.actor_label.push(e.actorLabel);
        cols.action.push(action);
        cols.subject.push(r.key);
        cols.after.push(JSON.stringify(after));
        cols.at.push(e.at.toISOString());
        cols.prev_hash.push(prevHash);
        cols.hash.push(hash);
        prevHash = hash;
      }
    }
    if (cols.stream.length >= BATCH) await flush();
  }
  await flush();
  log(`  audit_events: ${total} rows (hash-chained) in ${Date.now() - t} ms`);
  return total;
}

/** The events a review of this status has been through. */
function auditStory(r: AuditReview): [string, Record<string, unknown>][] {
  const events: [string, Record<string, unknown>][] = [['review.created', { status: 'draft', revision: 1 }]];
  for (let rev = 2; rev <= r.current_revision; rev++)
    events.push(['review.documentation_saved', { revision: rev }]);
  if (r.status === 'draft') return events;
  events.push(['review.submitted', { status: 'submitted' }]);
  if (r.status === 'submitted') return events;
  if (r.status === 'withdrawn') return [...events, ['review.withdrawn', { status: 'withdrawn' }]];
  events.push([
    'steward.reviewed',
    { category: r.category, status: r.status === 'returned' ? 'returned' : 'ok' },
  ]);
  if ((r.category ?? 0) >= 3)
    for (const area of AREAS) events.push(['signoff.recorded', { area, decision: 'approved' }]);
  if (r.status === 'shipped') events.push(['review.shipped', { status: 'shipped' }]);
  return events;
}
