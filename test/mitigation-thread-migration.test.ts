// Migration 0025 keeps what existing mitigations hold: their text and decision notes become their threads.
import { copyFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, MIGRATIONS_DIR, migrate } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

const THREAD = '0025_mitigation_thread.sql';

describe('migration 0025 (mitigation threads)', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterAll(() => t.drop());

  it('turns each existing description and decision note into messages of its thread', async () => {
    const all = await loadMigrations();
    const before = await mkdtemp(join(tmpdir(), 'mig-before-thread-'));
    for (const m of all.filter((x) => x.name < THREAD))
      await copyFile(join(MIGRATIONS_DIR, m.name), join(before, m.name));
    await migrate(t.pool, before);
    const q = (text: string, values: unknown[] = []) => t.pool.query(text, values);
    const person = async (email: string) =>
      (await q('INSERT INTO people (email, display_name) VALUES ($1, $2) RETURNING id', [email, email]))
        .rows[0].id;
    const [facilitator, proposer] = [await person('f@example.com'), await person('p@example.com')];
    const product = (
      await q("INSERT INTO products (name, owner_id) VALUES ('P', $1) RETURNING id", [proposer])
    ).rows[0].id;
    const review = (
      await q(
        "INSERT INTO reviews (product_id, title, proposer_id, requester_id) VALUES ($1, 'R', $2, $2) RETURNING id",
        [product, proposer],
      )
    ).rows[0].id;
    const mitigation = async (state: string, by: number, note: string | null) =>
      (
        await q(
          `INSERT INTO mitigations (review_id, area, kind, description, state, created_by, decision_note, decided_by)
           VALUES ($1, 'data', 'other', $2, $3, $4, $5, $6) RETURNING id`,
          [review, `text of ${state}`, state, by, note, note ? facilitator : null],
        )
      ).rows[0].id;
    const requested = await mitigation('requested', facilitator, null);
    const accepted = await mitigation('accepted', proposer, 'Fine as it is.');

    await migrate(t.pool);
    const rows = (
      await q(
        'SELECT mitigation_id, author_id, move, body FROM mitigation_messages ORDER BY mitigation_id, id',
      )
    ).rows.map((r) => [Number(r.mitigation_id), Number(r.author_id), r.move, r.body]);
    expect(rows).toEqual([
      [Number(requested), Number(facilitator), 'open', 'text of requested'],
      [Number(accepted), Number(proposer), 'open', 'text of accepted'],
      [Number(accepted), Number(facilitator), 'accept', 'Fine as it is.'],
    ]);
  });
});
