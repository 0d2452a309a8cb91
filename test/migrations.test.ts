import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMigrations, migrate, pendingMigrations } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterAll(() => t.drop());

  it('are numbered files applied in order, each recorded', async () => {
    const onDisk = await loadMigrations();
    expect(onDisk.length).toBeGreaterThan(0);
    expect(onDisk.map((m) => m.name)).toEqual([...onDisk.map((m) => m.name)].sort());
    expect(await pendingMigrations(t.pool)).toEqual(onDisk.map((m) => m.name));
    const first = await migrate(t.pool);
    expect(first.applied).toEqual(onDisk.map((m) => m.name));
    const rows = await t.pool.query('SELECT name FROM schema_migrations ORDER BY applied_at, name');
    expect(rows.rows.map((r) => r.name)).toEqual(onDisk.map((m) => m.name));
    expect(await pendingMigrations(t.pool)).toEqual([]);
  });

  it('a second run applies nothing', async () => {
    expect((await migrate(t.pool)).applied).toEqual([]);
  });

  it('two runners at once apply each migration exactly once', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      const [a, b] = await Promise.all([migrate(fresh.pool), migrate(fresh.pool)]);
      const all = [...a.applied, ...b.applied].sort();
      expect(all).toEqual((await loadMigrations()).map((m) => m.name).sort());
      const rows = await fresh.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
      expect(rows.rows[0].n).toBe(all.length);
    } finally {
      await fresh.drop();
    }
  });

  it('a failing migration rolls back entirely and is not recorded', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mig-'));
    await writeFile(join(dir, '0001_ok.sql'), 'CREATE TABLE ok_table (id int);');
    await writeFile(join(dir, '0002_bad.sql'), 'CREATE TABLE half_done (id int); SELECT no_such_function();');
    const fresh = await createTestDatabase({ migrated: false });
    try {
      await expect(migrate(fresh.pool, dir)).rejects.toThrow(/0002_bad.sql failed/);
      const tables = await fresh.pool.query(
        "SELECT to_regclass('ok_table') AS ok, to_regclass('half_done') AS half",
      );
      expect(tables.rows[0].ok).not.toBeNull();
      expect(tables.rows[0].half).toBeNull();
      expect(await pendingMigrations(fresh.pool, dir)).toEqual(['0002_bad.sql']);
    } finally {
      await fresh.drop();
    }
  });

  it('refuses a migration changed after it was applied', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mig-'));
    await writeFile(join(dir, '0001_a.sql'), 'CREATE TABLE a (id int);');
    const fresh = await createTestDatabase({ migrated: false });
    try {
      await migrate(fresh.pool, dir);
      await writeFile(join(dir, '0001_a.sql'), 'CREATE TABLE a (id bigint);');
      await expect(migrate(fresh.pool, dir)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await fresh.drop();
    }
  });
});

describe('the audit table', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await t.pool.query(
      `INSERT INTO audit_events (stream, seq, actor_label, action, at, prev_hash, hash) VALUES ('admin', 1, 'x', 'test', now(), 'p', 'h')`,
    );
  });
  afterAll(() => t.drop());

  it('refuses UPDATE', async () => {
    await expect(t.pool.query(`UPDATE audit_events SET action = 'rewritten'`)).rejects.toThrow(/append-only/);
  });
  it('refuses DELETE and TRUNCATE', async () => {
    await expect(t.pool.query('DELETE FROM audit_events')).rejects.toThrow(/append-only/);
    await expect(t.pool.query('TRUNCATE audit_events')).rejects.toThrow(/append-only/);
    const n = await t.pool.query('SELECT count(*)::int AS n FROM audit_events');
    expect(n.rows[0].n).toBe(1);
  });
});
