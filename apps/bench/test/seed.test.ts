import { checkCanShip } from '@signoff/api';
import { verifyChain } from '@signoff/core';
import { verifyAuditChains } from '@signoff/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { type Seeded, seedDatabase } from '../src/seed.ts';

let t: TestDatabase;
let seeded: Seeded;
beforeAll(async () => {
  t = await createTestDatabase();
  seeded = await seedDatabase(t.db, { reviews: 400 });
});
afterAll(() => t?.drop());

describe('the benchmark seed', () => {
  it('writes every table the gate and the inbox read', async () => {
    const { rows } = await sql<Record<string, number>>`SELECT
      (SELECT count(*)::int FROM reviews) AS reviews,
      (SELECT count(DISTINCT status)::int FROM reviews) AS statuses,
      (SELECT count(*)::int FROM revisions) AS revisions,
      (SELECT count(*)::int FROM sign_offs) AS sign_offs,
      (SELECT count(*)::int FROM mitigations) AS mitigations,
      (SELECT count(*)::int FROM announcements) AS announcements,
      (SELECT count(*)::int FROM escalations) AS escalations`.execute(t.db);
    const c = rows[0]!;
    expect(c.reviews).toBe(400);
    expect(c.statuses).toBe(7);
    expect(c.revisions).toBeGreaterThan(400);
    for (const k of ['sign_offs', 'mitigations', 'announcements', 'escalations'])
      expect(c[k], k).toBeGreaterThan(0);
  });

  it('writes audit events whose hash chains verify', async () => {
    const report = await verifyAuditChains(t.db, verifyChain);
    expect(report.broken).toBeNull();
    expect(report.events).toBeGreaterThanOrEqual(seeded.auditEvents);
    expect(report.streams).toBeGreaterThan(400);
  });

  it('gives the gate both answers and a variety of blockers', async () => {
    const principal = { kind: 'token' as const, tokenId: 1, personId: 1, scopes: ['gate:read' as const] };
    const items = Array.from({ length: 400 }, (_, i) => ({ review: i + 1, channel: 'release' as const }));
    const answers = await checkCanShip(t.db, principal, items, new Date());
    const shippable = answers.filter((a) => 'canShip' in a && a.canShip).length;
    expect(shippable).toBeGreaterThan(100);
    expect(shippable).toBeLessThan(400);
    const codes = new Set(answers.flatMap((a) => ('blockers' in a ? a.blockers.map((b) => b.code) : [])));
    for (const code of [
      'NOT_SUBMITTED',
      'STEWARD_REVIEW_PENDING',
      'STEWARD_REJECTED',
      'SIGNOFF_MISSING',
      'WITHDRAWN',
    ])
      expect(codes, code).toContain(code);
  });
});
