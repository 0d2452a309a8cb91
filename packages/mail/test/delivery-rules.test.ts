import { describe, expect, it } from 'vitest';
import {
  classifySendError,
  DEFAULT_BACKOFF,
  deliveryStatus,
  HELD_NO_MAIL_SERVER,
  retryDelayMs,
} from '../src/index.ts';

describe('retry backoff', () => {
  it('doubles from 5 s and stays at the 10 minute cap', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9, 50, 10_000].map((n) => retryDelayMs(n));
    expect(delays).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000, 600_000,
    ]);
    expect(DEFAULT_BACKOFF).toEqual({ baseMs: 5_000, capMs: 600_000 });
  });

  it('takes its own base and cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, { baseMs: 100, capMs: 250 }))).toEqual([
      100, 200, 250, 250,
    ]);
  });
});

describe('send errors', () => {
  const smtpError = (code: string, command: string, responseCode?: number) =>
    Object.assign(new Error(`boom${responseCode ? `: ${responseCode} no` : ''}`), {
      code,
      command,
      ...(responseCode ? { responseCode, response: `${responseCode} no` } : {}),
    });

  it('retries network problems, 4xx replies and authentication failures', () => {
    expect(classifySendError(smtpError('ECONNECTION', 'CONN')).permanent).toBe(false);
    expect(classifySendError(smtpError('ETIMEDOUT', 'CONN')).permanent).toBe(false);
    expect(classifySendError(smtpError('EENVELOPE', 'RCPT TO', 451)).permanent).toBe(false);
    expect(classifySendError(smtpError('EMESSAGE', 'DATA', 452)).permanent).toBe(false);
    expect(classifySendError(smtpError('EAUTH', 'AUTH PLAIN', 535)).permanent).toBe(false);
    expect(classifySendError('not even an error').permanent).toBe(false);
  });

  it('holds mail the server refuses for good (5xx to the envelope or the content)', () => {
    const refused = classifySendError(smtpError('EENVELOPE', 'RCPT TO', 550));
    expect(refused).toEqual({
      permanent: true,
      message: 'EENVELOPE (RCPT TO) boom: 550 no',
      response: '550 no',
    });
    expect(classifySendError(smtpError('EMESSAGE', 'DATA', 554)).permanent).toBe(true);
    expect(classifySendError(smtpError('EENVELOPE', 'API')).permanent).toBe(true);
  });
});

describe('delivery status', () => {
  const mail = {
    state: 'queued' as const,
    attempts: 0,
    last_error: null,
    next_attempt_at: new Date('2030-01-01T00:00:00Z'),
    sent_at: null,
  };

  it('shows undelivered mail as held when no mail server is configured', () => {
    expect(deliveryStatus(mail, { mailServerConfigured: false })).toEqual({
      label: 'held',
      detail: HELD_NO_MAIL_SERVER,
    });
    expect(deliveryStatus({ ...mail, state: 'retrying' }, { mailServerConfigured: false }).label).toBe(
      'held',
    );
    expect(deliveryStatus(mail, { mailServerConfigured: true }).label).toBe('queued');
  });

  it('names the last error and the next attempt of a retrying mail', () => {
    const s = deliveryStatus(
      { ...mail, state: 'retrying', attempts: 2, last_error: 'ECONNECTION refused' },
      { mailServerConfigured: true },
    );
    expect(s.label).toBe('retrying');
    expect(s.detail).toContain('2030-01-01T00:00:00.000Z');
    expect(s.detail).toContain('ECONNECTION refused');
  });

  it('shows sent and failed mail whatever the configuration', () => {
    const sentAt = new Date('2030-01-02T00:00:00Z');
    expect(
      deliveryStatus({ ...mail, state: 'sent', sent_at: sentAt }, { mailServerConfigured: false }),
    ).toEqual({ label: 'sent', detail: 'sent 2030-01-02T00:00:00.000Z' });
    expect(deliveryStatus({ ...mail, state: 'failed' }, { mailServerConfigured: false }).label).toBe(
      'failed',
    );
  });
});
