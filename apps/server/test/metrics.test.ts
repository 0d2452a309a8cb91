import { enqueueMail } from '@signoff/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer, type TestSmtpServer } from '../../../packages/mail/test/smtp-test-server.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/database.ts';
import { cast, reviewed } from '../../../test/review-fixtures.ts';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { type RunningServer, startServer } from '../src/server.ts';

const TOKEN = 'metrics-token-for-the-test';

/** `name{labels} value` lines of the Prometheus text format, keyed by name and labels. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

describe('GET /metrics', () => {
  let t: TestDatabase;
  let smtp: TestSmtpServer;
  let server: RunningServer;
  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await res.text());
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    // A mail server that refuses every mail for now (4xx): the outbox keeps it and retries.
    smtp = await startSmtpServer({ refuseMessage: () => ({ code: 451, message: 'try again later' }) });
    server = await startServer(
      loadConfig({
        PORT: '0',
        DATABASE_URL: t.url,
        LOG_LEVEL: 'silent',
        SMTP_URL: smtp.url,
        METRICS: 'on',
        METRICS_TOKEN: TOKEN,
      }),
      createLogger('silent'),
    );
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await t?.drop();
  });

  it('is refused without the metrics token', async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  it('after traffic, every series is there and has moved', async () => {
    const before = await scrape();
    const c = await cast(t.db);
    const blocked = await reviewed(c, 3);
    const approved = await reviewed(c, 1);
    const auth = { authorization: `Bearer ${c.steward.token}` };
    const gate = (review: string) =>
      fetch(`${server.url}/api/v1/gate/reviews/${review}?channel=release`, { headers: auth });
    expect((await gate(blocked.key)).status).toBe(200);
    expect((await gate(approved.key)).status).toBe(200);
    expect((await gate('DR-999999')).status).toBe(404);
    expect((await fetch(`${server.url}/trpc/auth.me`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${server.url}/trpc/auth.me`)).status).toBe(401);
    await enqueueMail(t.db, {
      kind: 'notification',
      to: ['someone@example.com'],
      subject: 'Hello',
      text: 'Hi',
    });

    // The worker's first attempt is refused (451): wait until the failure is recorded.
    let after = await scrape();
    for (
      let i = 0;
      i < 200 && !(after.get('signoff_outbox_delivery_failures_total{outcome="retry"}')! > 0);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      after = await scrape();
    }
    const moved = (series: string, by = (a: number, b: number) => a > b) => {
      const a = after.get(series);
      expect(a, series).toBeDefined();
      expect(by(a!, before.get(series) ?? 0), `${series}: ${before.get(series)} -> ${a}`).toBe(true);
    };

    // Requests by route and status, with latency histograms.
    moved('signoff_http_requests_total{route="/api/v1/gate/reviews/:review",status="200"}');
    moved('signoff_http_requests_total{route="/api/v1/gate/reviews/:review",status="404"}');
    moved('signoff_http_requests_total{route="/trpc/auth.me",status="401"}');
    moved('signoff_http_requests_total{route="/metrics",status="200"}');
    moved('signoff_http_request_duration_seconds_count{route="/api/v1/gate/reviews/:review"}');
    moved('signoff_http_request_duration_seconds_sum{route="/api/v1/gate/reviews/:review"}');
    moved('signoff_http_request_duration_seconds_bucket{le="+Inf",route="/trpc/auth.me"}');
    // Gate answers by result.
    moved('signoff_gate_answers_total{result="blocked"}');
    moved('signoff_gate_answers_total{result="can_ship"}');
    moved('signoff_gate_answers_total{result="not_found"}');
    // The outbox: depth, oldest mail's age, delivery failures.
    moved('signoff_outbox_undelivered');
    moved('signoff_outbox_oldest_undelivered_age_seconds');
    moved('signoff_outbox_delivery_failures_total{outcome="retry"}');
    expect(after.get('signoff_outbox_failed')).toBe(0);
    // Change feed and cache.
    expect(after.get('signoff_change_feed_listening')).toBe(1);
    moved('signoff_cache_reviews');
    // The cache's age is its newest heartbeat's: it moves, and stays within the staleness bound (5 s).
    moved('signoff_cache_age_seconds', (a, b) => a !== b);
    expect(after.get('signoff_cache_age_seconds')).toBeLessThan(5);
    expect(after.get('signoff_cache_stale')).toBe(0);
    // Event loop and pool.
    expect(after.get('nodejs_eventloop_lag_p99_seconds')).toBeGreaterThan(0);
    moved('nodejs_eventloop_lag_seconds', (a, b) => a !== b);
    expect(after.get('signoff_db_pool_connections{state="total"}')).toBeGreaterThan(0);
    expect(after.has('signoff_db_pool_connections{state="waiting"}')).toBe(true);
  }, 60_000);

  it('keeps route labels bounded whatever path a client sends', async () => {
    await fetch(`${server.url}/trpc/no.such.procedure,${'x'.repeat(50)}`);
    await fetch(`${server.url}/api/v1/gate/reviews/DR-1/and/more`);
    const after = await scrape();
    expect(after.get('signoff_http_requests_total{route="/trpc/(unknown)",status="404"}')).toBeGreaterThan(0);
    expect(
      after.get('signoff_http_requests_total{route="/api/v1/(unmatched)",status="404"}'),
    ).toBeGreaterThan(0);
    expect([...after.keys()].some((k) => k.includes('xxxx') || k.includes('and/more'))).toBe(false);
  });
});
