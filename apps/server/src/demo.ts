import { createCaller, createContextInner, describeError, resolvePrincipal } from '@signoff/api';
import { type Area, type Category, evaluateCanShip } from '@signoff/core';
import { type Db, findPersonByEmail, findProductByName, loadReviewFacts, migrate } from '@signoff/db';
import { startDeliveryWorker } from '@signoff/mail';
import { systemCaller } from './bootstrap.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { createLogger } from './logger.ts';
import { sampleDataReview, sampleRequestForm } from './sample-review.ts';

// `npm run demo`: people for every role, products, and reviews in every state. Safe to run twice:
// people and products are created once, reviews only on the first run.

const PEOPLE = [
  { email: 'admin@demo.example', name: 'Ada Admin', roles: ['admin'], areas: [] },
  { email: 'steward@demo.example', name: 'Sam Steward', roles: ['steward'], areas: [] },
  { email: 'privacy@demo.example', name: 'Martin Privacy', roles: [], areas: ['privacy_technical'] },
  { email: 'legal@demo.example', name: 'Nneka Legal', roles: [], areas: ['legal_trust'] },
  { email: 'security@demo.example', name: 'Marc Security', roles: [], areas: ['security'] },
  { email: 'data@demo.example', name: 'Mark Data', roles: [], areas: ['data'] },
  { email: 'proposer@demo.example', name: 'Pat Proposer', roles: [], areas: [] },
  { email: 'owner@demo.example', name: 'Olu Owner (Head of Firefox)', roles: [], areas: [] },
  { email: 'cpo@demo.example', name: 'Cleo CPO', roles: ['cpo'], areas: [] },
  { email: 'ceo@demo.example', name: 'Cyrus CEO', roles: ['ceo'], areas: [] },
] as const;
const PASSWORD = (email: string) => `demo-${email.split('@')[0]}-password`;
const PRODUCTS = [
  { name: 'Firefox Desktop', owner: 'owner@demo.example' },
  { name: 'Firefox for Android', owner: 'owner@demo.example' },
  { name: 'Pocket', owner: 'owner@demo.example' },
];

async function signedIn(db: Db, email: string) {
  const { token } = await createCaller(createContextInner({ db })).auth.signIn({
    email,
    password: PASSWORD(email),
  });
  return createCaller(
    createContextInner({ db, principal: await resolvePrincipal(db, `Bearer ${token}`, new Date()) }),
  );
}

async function seedPeople(db: Db) {
  const sys = systemCaller(db, 'demo');
  for (const p of PEOPLE)
    if (!(await findPersonByEmail(db, p.email)))
      await sys.admin.createUser({
        email: p.email,
        displayName: p.name,
        password: PASSWORD(p.email),
        roles: [...p.roles],
        areas: [...p.areas],
      });
  const ids: number[] = [];
  for (const p of PRODUCTS) {
    const found = await findProductByName(db, p.name);
    ids.push(found ? found.id : (await sys.admin.createProduct({ name: p.name, ownerEmail: p.owner })).id);
  }
  return ids;
}

type Caller = Awaited<ReturnType<typeof signedIn>>;

async function seedReviews(db: Db, productId: number) {
  const as = Object.fromEntries(
    await Promise.all(PEOPLE.map(async (p) => [p.email.split('@')[0], await signedIn(db, p.email)] as const)),
  ) as Record<string, Caller>;
  const proposer = as.proposer!;
  const facilitator = (area: Area) =>
    as[{ privacy_technical: 'privacy', data: 'data', legal_trust: 'legal', security: 'security' }[area]]!;
  let bug = 1_950_000;
  const create = async (
    title: string,
    category: Category,
    opts: { private?: boolean; defaultState?: 'on' | 'off' } = {},
  ) =>
    proposer.review.create({
      productId,
      title,
      channels: [
        { channel: 'release', defaultState: opts.defaultState ?? 'off' },
        { channel: 'pre_release', defaultState: opts.defaultState ?? 'off' },
      ],
      externalRefs: [{ kind: 'bug', value: String(++bug) }],
      form: sampleRequestForm(category),
      ...(opts.private
        ? { visibility: 'private' as const, privateReason: 'Partnership not yet public.' }
        : { visibility: 'public' as const }),
    });
  const submit = async (title: string, category: Category, opts?: Parameters<typeof create>[2]) => {
    const r = await create(title, category, opts);
    await proposer.review.submit({ review: r.key });
    return r;
  };
  const steward = async (key: string, outcome: 'data-review+' | 'data-review-' = 'data-review+') =>
    as.steward!.steward.recordReview({ review: key, dataReview: sampleDataReview(outcome) });
  const approve = async (key: string, areas: readonly Area[]) => {
    for (const area of areas)
      await facilitator(area).signOff.record({
        review: key,
        area,
        risk: 'low',
        decision: 'approved',
        rationale: `${area}: low risk; precedent DR-1.`,
      });
  };
  const announce = (key: string) =>
    proposer.announcement.recordManual({
      review: key,
      archiveLink: `https://groups.google.com/a/mozilla.com/g/data-review/c/${key}`,
    });

  await create('Sidebar width telemetry (draft)', 1);
  await submit('New tab tiles engagement', 2);
  const returned = await submit('Search suggestions clicks', 2);
  await steward(returned.key, 'data-review-');
  const approved = await submit('Crash reporter outcome counts', 1);
  await steward(approved.key);
  const shipped = await submit('Update channel version numbers', 1);
  await steward(shipped.key);
  await proposer.review.markShipped({ review: shipped.key });
  const withdrawn = await submit('Scroll position sampling', 2);
  await proposer.review.withdraw({ review: withdrawn.key });

  const early = await submit('Saved URL categories (sensitive, just started)', 3);
  await steward(early.key);
  const half = await submit('Web compatibility breakage domains (privacy and data approved)', 3);
  await steward(half.key);
  await approve(half.key, ['privacy_technical', 'data']);
  // Announced through the outbox: delivered by the server's mail worker (or below, when SMTP_URL is set).
  await proposer.announcement.send({ review: half.key });
  const ready = await submit('Highlights in Pocket stories (ready to ship)', 3);
  await steward(ready.key);
  await approve(ready.key, ['privacy_technical', 'data', 'legal_trust', 'security']);
  await announce(ready.key);
  const mitigated = await submit('Synced tab titles (mitigation pending)', 3);
  await steward(mitigated.key);
  await facilitator('privacy_technical').mitigation.request({
    review: mitigated.key,
    area: 'privacy_technical',
    kind: 'technical_control',
    description: 'Truncate titles to the domain.',
  });
  const secret = await submit('Partner search attribution (private)', 3, { private: true });
  await steward(secret.key);

  const escalated = await submit('Voice command transcripts (escalated)', 4);
  await steward(escalated.key);
  await approve(escalated.key, ['privacy_technical', 'data', 'legal_trust']);
  await facilitator('security').signOff.record({
    review: escalated.key,
    area: 'security',
    risk: 'high',
    decision: 'rejected',
    rationale: 'Audio transcripts are highly sensitive.',
  });
  const open = await proposer.escalation.open({
    review: escalated.key,
    facilitatorId: (await findPersonByEmail(db, 'security@demo.example'))!.id,
    areas: ['security'],
    question: 'Ship transcripts with on-device redaction?',
  });
  await proposer.escalation.writePaper({
    review: escalated.key,
    escalationId: open.id,
    body: 'Redact on device; keep 30 days.',
  });

  const decided = await submit('Precise location for weather (decided: do not ship)', 4);
  await steward(decided.key);
  await approve(decided.key, ['privacy_technical', 'data']);
  await facilitator('legal_trust').signOff.record({
    review: decided.key,
    area: 'legal_trust',
    risk: 'high',
    decision: 'rejected',
    rationale: 'Precise location with an identifier.',
  });
  const closed = await proposer.escalation.open({
    review: decided.key,
    facilitatorId: (await findPersonByEmail(db, 'legal@demo.example'))!.id,
    areas: ['legal_trust'],
    question: 'Can we collect precise location?',
  });
  await facilitator('legal_trust').escalation.writePaper({
    review: decided.key,
    escalationId: closed.id,
    body: 'City-level is enough.',
  });
  await facilitator('legal_trust').escalation.share({ review: decided.key, escalationId: closed.id });
  await as.owner!.escalation.decide({
    review: decided.key,
    escalationId: closed.id,
    decision: { decision: 'do_not_ship', rationale: 'City-level location instead.' },
  });
}

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config, createLogger('warn'));
  try {
    await migrate(database.pool);
    const [firefox] = await seedPeople(database.db);
    const seeded =
      (await database.db
        .selectFrom('reviews')
        .select('id')
        .where('product_id', '=', firefox!)
        .limit(1)
        .executeTakeFirst()) !== undefined;
    if (!seeded) await seedReviews(database.db, firefox!);
    if (config.SMTP_URL) {
      const worker = startDeliveryWorker({
        db: database.db,
        smtpUrl: config.SMTP_URL,
        from: config.MAIL_FROM,
        log: createLogger('warn'),
        pollMs: null,
      });
      const delivered = await worker.drainOnce();
      await worker.stop();
      process.stdout.write(
        `Mail: ${delivered.sent} sent, ${delivered.retrying} to retry (the server's worker keeps trying).\n`,
      );
    }
    const out = [
      'People (sign in with these):',
      ...PEOPLE.map(
        (p) =>
          `  ${p.email.padEnd(24)} ${PASSWORD(p.email).padEnd(26)} ${[...p.roles, ...p.areas].join(', ') || (p.email.startsWith('owner') ? 'product owner of every demo product' : 'proposer')}`,
      ),
    ];
    out.push('', 'Reviews:', `  ${'key'.padEnd(8)} ${'state'.padEnd(17)} ${'release'.padEnd(34)} title`);
    const reviews = await database.db
      .selectFrom('reviews')
      .select(['id', 'key', 'status', 'title', 'visibility'])
      .orderBy('id')
      .execute();
    const facts = await loadReviewFacts(
      database.db,
      reviews.map((r) => r.id),
    );
    for (const r of reviews) {
      const gate = evaluateCanShip(facts.get(r.id)!, 'release', new Date());
      const verdict = gate.canShip
        ? 'may ship'
        : `blocked: ${gate.blockers[0]?.code}${gate.blockers.length > 1 ? ' +' : ''}`;
      out.push(
        `  ${r.key.padEnd(8)} ${r.status.padEnd(17)} ${verdict.padEnd(34)} ${r.title}${r.visibility === 'private' ? ' [private]' : ''}`,
      );
    }
    if (seeded) out.push('', '(demo data was already present; nothing added)');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof ConfigError ? err.message : describeError(err)}\n`);
  process.exit(1);
});
