// Nobody let in (issue 7): private reviews never leak, no raw secret is stored, sign-in is rate limited,
// responses carry security headers, CORS is limited to the configured origins, and the Electron main
// process passes a maintained security scanner with no high findings.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../apps/server/src/config.ts';
import { anonymousCaller } from '../callers.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { type GateScene, type GateServer, gateScene, gateToken, startGateServer } from '../gate-fixtures.ts';
import { inDispute } from '../review-fixtures.ts';
import { figure, trpc, writeFigures } from './harness.ts';

let t: TestDatabase;
let server: GateServer;
let g: GateScene;
let gate: string;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startGateServer(t);
  g = await gateScene(t.db);
  gate = await gateToken(t.db, g.cast.admin.email);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
  writeFigures('security');
});

describe('a private review never leaks', () => {
  it('to an outsider: reads, lists, search, timeline, export, gate, error messages and counts', async () => {
    const out = g.cast.outsider.token;
    const hidden = g.hidden.key;
    const unknown = 'DR-999999';
    let probes = 0;
    const leaks: string[] = [];
    const title = 'Cookie breakage reports (category 3)';
    // Every procedure that takes a review answers exactly as for a review that does not exist.
    const byReview: [string, 'query' | 'mutation', Record<string, unknown>][] = [
      ['review.get', 'query', {}],
      ['review.revision', 'query', { number: 1 }],
      ['review.diff', 'query', { from: 1, to: 1 }],
      ['escalation.list', 'query', {}],
      ['glean.imports', 'query', {}],
      ['renewal.list', 'query', {}],
      ['export.json', 'query', {}],
      ['export.markdown', 'query', {}],
      ['transparency.get', 'query', {}],
      ['announcement.preview', 'query', {}],
      ['gate.canShip', 'query', { channel: 'release' }],
      ['signOff.comment', 'mutation', { area: 'data', body: 'hello' }],
      ['review.withdraw', 'mutation', {}],
    ];
    for (const [path, kind, extra] of byReview) {
      const a = await trpc(server.base, path, kind, { review: hidden, ...extra }, out);
      const b = await trpc(server.base, path, kind, { review: unknown, ...extra }, out);
      probes += 2;
      if (a.code !== b.code || a.message !== b.message || a.status !== b.status)
        leaks.push(`${path}: hidden ${a.status} ${a.message} vs unknown ${b.status} ${b.message}`);
    }
    // Lists, search and counts.
    const listed = (await trpc(server.base, 'review.list', 'query', {}, out)).data as {
      items: { key: string }[];
      total?: number;
    };
    const asOwner = (await trpc(server.base, 'review.list', 'query', {}, g.cast.proposer.token)).data as {
      items: { key: string }[];
      total?: number;
    };
    const searched = (await trpc(server.base, 'review.list', 'query', { q: 'Cookie' }, out)).data as {
      items: { key: string }[];
    };
    const transparency = (await trpc(server.base, 'transparency.list', 'query', {}, null)).data as {
      items: { key: string }[];
    };
    const lookup = (await trpc(server.base, 'gate.lookup', 'query', { bug: '1900888' }, out)).data as {
      reviews: unknown[];
    };
    probes += 5;
    const keys = (x: { items: { key: string }[] }) => x.items.map((i) => i.key);
    if (
      keys(listed).includes(hidden) ||
      keys(searched).includes(hidden) ||
      keys(transparency).includes(hidden)
    )
      leaks.push('a list shows the private review');
    if (!keys(asOwner).includes(hidden)) leaks.push('the proposer does not see their own private review');
    if (listed.total !== undefined && listed.total !== listed.items.length)
      leaks.push('review.list total counts it');
    if (lookup.reviews.length !== 0) leaks.push('gate.lookup finds it by bug');
    // The REST gate: 404 exactly like an unknown review.
    const restHidden = await fetch(`${server.base}/api/v1/gate/reviews/${hidden}?channel=release`, {
      headers: { authorization: `Bearer ${out}` },
    });
    const restUnknown = await fetch(`${server.base}/api/v1/gate/reviews/${unknown}?channel=release`, {
      headers: { authorization: `Bearer ${out}` },
    });
    probes += 2;
    const [hb, ub] = [await restHidden.text(), await restUnknown.text()];
    if (restHidden.status !== 404 || hb.replace(hidden, '') !== ub.replace(unknown, ''))
      leaks.push(`REST gate: ${restHidden.status} ${hb} vs ${ub}`);
    // A gate token learns only can-ship: the answer holds no title, no people, no documentation.
    const viaToken = await trpc(
      server.base,
      'gate.canShip',
      'query',
      { review: hidden, channel: 'release' },
      gate,
    );
    probes++;
    if (viaToken.ok) {
      const keysOf = Object.keys(viaToken.data as object).sort();
      expect(keysOf).toEqual(['blockers', 'canShip', 'channel', 'evaluatedAt', 'reviewId', 'revision']);
      if (JSON.stringify(viaToken.data).includes(title)) leaks.push('the gate answer holds the title');
    }
    for (const other of ['review.get', 'review.list', 'transparency.get', 'export.json']) {
      const a = await trpc(server.base, other, 'query', { review: hidden }, gate);
      probes++;
      if (a.ok && other !== 'transparency.get') leaks.push(`a gate token reads ${other}`);
      if (a.ok && JSON.stringify(a.data).includes('Partnership'))
        leaks.push(`${other} leaks via a gate token`);
    }
    // The timeline (audit events) of the hidden review is only in its own view.
    const publicView = JSON.stringify(
      (await trpc(server.base, 'review.get', 'query', { review: g.ready.key }, out)).data,
    );
    if (publicView.includes(hidden) || publicView.includes('Partnership'))
      leaks.push('a public view mentions the private review');
    expect(leaks).toEqual([]);
    figure('security', 'private review: leak probes (reads, lists, search, gate, errors, counts)', probes);
    figure('security', 'private review: leaks found', leaks.length, leaks.length === 0);
  });
});

// Issue 12: drafts leaked through export.json / export.markdown (escalations[].papers and the timeline's
// after.body) while escalation.list hid them. Every read path now applies the one rule.
describe('a draft position paper never leaks', () => {
  it('to anyone but its author, through the list, both exports and the timeline, until shared', async () => {
    const c = g.cast;
    const review = g.blocked.key;
    await inDispute(c, review, 'privacy_technical');
    const e = await c.proposer.caller.escalation.open({
      review,
      facilitatorId: c.facilitators.privacy_technical.id,
      areas: ['privacy_technical'],
      question: 'May we ship with this risk?',
    });
    const drafts = {
      proposer: 'DRAFT-OF-THE-PROPOSER-7f3a',
      facilitator: 'DRAFT-OF-THE-FACILITATOR-9c2e',
    };
    await c.proposer.caller.escalation.writePaper({ review, escalationId: e.id, body: drafts.proposer });
    await c.facilitators.privacy_technical.caller.escalation.writePaper({
      review,
      escalationId: e.id,
      body: drafts.facilitator,
    });
    const readers = {
      proposer: c.proposer.token,
      facilitator: c.facilitators.privacy_technical.token,
      otherFacilitator: c.facilitators.security.token,
      steward: c.steward.token,
      decisionMaker: c.owner.token,
      outsider: c.outsider.token,
      admin: c.admin.token,
    };
    const paths = ['escalation.list', 'export.json', 'export.markdown', 'review.get', 'transparency.get'];
    let probes = 0;
    const leaks: string[] = [];
    const seen = async (token: string) => {
      const texts: string[] = [];
      for (const path of paths) {
        const a = await trpc(server.base, path, 'query', { review }, token);
        probes++;
        texts.push(JSON.stringify(a.data));
      }
      return texts.join(' ');
    };
    for (const [who, token] of Object.entries(readers)) {
      const text = await seen(token);
      for (const [author, body] of Object.entries(drafts))
        if (text.includes(body) !== (who === author))
          leaks.push(`${who} ${text.includes(body) ? 'reads' : 'cannot read'} the ${author}'s draft`);
    }
    // Shared: every involved party reads both, and the export says so too.
    await c.facilitators.privacy_technical.caller.escalation.share({ review, escalationId: e.id });
    for (const who of ['proposer', 'facilitator', 'decisionMaker'] as const) {
      const exported = JSON.stringify(
        (await trpc(server.base, 'export.json', 'query', { review }, readers[who])).data,
      );
      probes++;
      for (const body of Object.values(drafts))
        if (!exported.includes(body)) leaks.push(`${who} cannot read a shared paper in the export`);
    }
    expect(leaks).toEqual([]);
    figure('security', 'draft position papers: leak probes (list, exports, timeline)', probes);
    figure('security', 'draft position papers: leaks found', leaks.length, leaks.length === 0);
  });
});

describe('secrets, sign-in, headers and CORS', () => {
  it('stores no raw password or token anywhere in the database', async () => {
    const c = g.cast;
    const secrets = [
      c.admin,
      c.owner,
      c.proposer,
      c.steward,
      c.outsider,
      ...Object.values(c.facilitators),
    ].flatMap((p) => [p.password, p.token]);
    secrets.push(gate);
    const tables = (
      await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`.execute(t.db)
    ).rows.map((r) => r.table_name);
    const found: string[] = [];
    let rows = 0;
    for (const table of tables) {
      const r = await sql<{ x: string }>`SELECT x::text AS x FROM ${sql.table(table)} x`.execute(t.db);
      rows += r.rows.length;
      for (const row of r.rows)
        for (const s of secrets) if (row.x.includes(s)) found.push(`${table} holds a raw secret`);
    }
    expect(found).toEqual([]);
    figure('security', 'raw secrets searched / rows scanned / found', `${secrets.length} / ${rows} / 0`);
  });

  it('rate limits sign-in for an email, whether or not it exists', async () => {
    const codes: Record<string, string[]> = {};
    for (const email of [g.cast.outsider.email, 'nobody@example.com']) {
      codes[email] = [];
      for (let i = 0; i < 15; i++) {
        const a = await trpc(server.base, 'auth.signIn', 'mutation', {
          email,
          password: `wrong-password-${i}`,
        });
        codes[email]!.push(a.code ?? 'OK');
      }
    }
    const right = await trpc(server.base, 'auth.signIn', 'mutation', {
      email: g.cast.outsider.email,
      password: g.cast.outsider.password,
    });
    for (const list of Object.values(codes)) expect(list).toContain('TOO_MANY_REQUESTS');
    expect(right.code).toBe('TOO_MANY_REQUESTS');
    const first = codes[g.cast.outsider.email]!.indexOf('TOO_MANY_REQUESTS');
    figure('security', 'sign-in locked after failures (also for an unknown email)', `${first} failures, yes`);
    void anonymousCaller;
  });

  it('sends security headers on every kind of answer, and CORS only to configured origins', async () => {
    const answers = await Promise.all(
      ['/healthz', '/readyz', '/trpc/health.ping', '/api/v1/ping', '/api/v1/nope', '/nope'].map((p) =>
        fetch(`${server.base}${p}`),
      ),
    );
    for (const r of answers) {
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // The test server allows no origin: an evil one gets no CORS header and its preflight is refused.
    const evil = await fetch(`${server.base}/trpc/health.ping`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.base}/trpc/auth.signIn`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    figure('security', 'security headers on answers checked', answers.length);
    figure('security', 'CORS: foreign origin gets no allow-origin, preflight 403', 'yes');
  });

  it('allows CORS for a configured origin', async () => {
    const { createHttpServer } = await import('../../apps/server/src/http-server.ts');
    const pino = (await import('pino')).default;
    const s = createHttpServer({
      db: t.db,
      pool: t.pool,
      log: pino({ level: 'silent' }),
      config: { CORS_ORIGINS: ['app://signoff'] },
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(s.address() as { port: number }).port}`;
    const ok = await fetch(`${base}/trpc/health.ping`, { headers: { origin: 'app://signoff' } });
    const no = await fetch(`${base}/trpc/health.ping`, { headers: { origin: 'app://signoff.evil' } });
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
    expect(ok.headers.get('access-control-allow-origin')).toBe('app://signoff');
    expect(no.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the Electron configuration', () => {
  const bin = join(PROJECT_ROOT, 'node_modules', '.bin', 'electronegativity');
  it.skipIf(!existsSync(bin))(
    'passes electronegativity with no high findings',
    () => {
      const out = join(mkdtempSync(join(tmpdir(), 'eneg-')), 'report.csv');
      const electron = JSON.parse(
        readFileSync(join(PROJECT_ROOT, 'node_modules/electron/package.json'), 'utf8'),
      ).version as string;
      const r = spawnSync(bin, ['-i', join(PROJECT_ROOT, 'apps/desktop/src'), '-o', out, '-e', electron], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1);
      const severity = (l: string) => /,"(HIGH|MEDIUM|LOW|INFORMATIONAL)",/.exec(l)?.[1] ?? 'UNKNOWN';
      const high = lines.filter((l) => severity(l) === 'HIGH');
      expect(high).toEqual([]);
      const count = (s: string) => lines.filter((l) => severity(l) === s).length;
      figure(
        'security',
        `electronegativity ${electron === '' ? '' : `(Electron ${electron})`}: high / medium / low findings`,
        `${high.length} / ${count('MEDIUM')} / ${count('LOW') + count('INFORMATIONAL')}`,
      );
    },
    150_000,
  );
});
