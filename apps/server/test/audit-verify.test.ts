import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { cast, submittedReview } from '../../../test/review-fixtures.ts';
import { PROJECT_ROOT } from '../src/config.ts';

const run = promisify(execFile);
const verify = (url: string) =>
  run(`${PROJECT_ROOT}node_modules/.bin/tsx`, [`${PROJECT_ROOT}apps/server/src/cli/audit-verify.ts`], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );

describe('npm run audit:verify', () => {
  let t: TestDatabase;
  let reviewId: number;
  beforeAll(async () => {
    t = await createTestDatabase();
    const c = await cast(t.db);
    reviewId = (await submittedReview(c, 2)).id;
  });
  afterAll(() => t.drop());

  it('passes on an untouched trail', async () => {
    const r = await verify(t.url);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/audit chains verified: \d+ streams, \d+ events/);
  });

  it('fails naming the first altered event (altered by someone who disabled the trigger)', async () => {
    const target = await t.pool.query(`SELECT id FROM audit_events WHERE stream = $1 AND seq = 2`, [
      `review:${reviewId}`,
    ]);
    const id = target.rows[0].id as number;
    await t.pool.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only');
    await t.pool.query(`UPDATE audit_events SET after = '{"status":"approved"}' WHERE id = $1`, [id]);
    await t.pool.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only');
    const r = await verify(t.url);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`stream review:${reviewId}, event id ${id} (seq 2): hash mismatch`);
  });
});
