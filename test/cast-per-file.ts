import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { type Cast, cast } from './review-fixtures.ts';

/**
 * A test file's fresh database with everyone a review involves in it (`cast`), made before the file's tests and
 * dropped after them: `const { t, c } = castPerFile();` at the top of the file. `beforeAll` fills the two objects
 * in, so the tests (not the file's top level) read them.
 */
export function castPerFile(tag = ''): { t: TestDatabase; c: Cast } {
  const t = {} as TestDatabase;
  const c = {} as Cast;
  beforeAll(async () => {
    Object.assign(t, await createTestDatabase());
    Object.assign(c, await cast(t.db, tag));
  });
  afterAll(async () => {
    if ('drop' in t) await t.drop();
  });
  return { t, c };
}
