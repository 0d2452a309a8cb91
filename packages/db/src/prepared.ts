import { createHash } from 'node:crypto';
import { type Expression, sql } from 'kysely';
import type pg from 'pg';

const MARK = '/* prepared */';

/**
 * Put in front of a SELECT (`.modifyFront(PREPARED)`) that runs often and costs more to plan than to run:
 * on a pool made by createDb it becomes a named prepared statement, parsed once per connection, and
 * PostgreSQL may keep its plan. Only for queries whose SQL text takes a bounded number of shapes (an
 * `in (...)` list only when its length is capped, like review.list's status filter): each shape stays
 * prepared for the connection's lifetime.
 * Elsewhere it is just a comment.
 */
export const PREPARED: Expression<unknown> = sql.raw(MARK);

const names = new Map<string, string>();
const nameOf = (text: string) => {
  let name = names.get(text);
  if (!name) {
    name = `signoff_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 1_000) names.set(text, name);
  }
  return name;
};

type Query = (...args: unknown[]) => unknown;

/** The pool as Kysely sees it: its clients run marked statements as named ones. */
export function preparingPool(pool: pg.Pool): pg.Pool {
  const wrap = (client: pg.PoolClient): pg.PoolClient => {
    const query = client.query.bind(client) as Query;
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return (text: unknown, values?: unknown) =>
          typeof text === 'string' && text.includes(MARK)
            ? query({ name: nameOf(text), text, values })
            : query(text, values);
      },
    });
  };
  return new Proxy(pool, {
    get(target, prop, receiver) {
      if (prop === 'connect') return async () => wrap(await target.connect());
      return Reflect.get(target, prop, receiver);
    },
  });
}
