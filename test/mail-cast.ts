import { createContextInner } from '@signoff/api';
import { deliverAll } from '../packages/mail/test/deliver.ts';
import { plainBody, startSmtpServer, type TestSmtpServer } from '../packages/mail/test/smtp-test-server.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { type Cast, cast } from './review-fixtures.ts';

/**
 * The set-up of a test file about mail: a fresh database with the cast of people, and a real SMTP server the
 * outbox is delivered to (packages/mail/test). Start it in `beforeAll`, stop it in `afterAll`.
 */
export interface MailCast {
  t: TestDatabase;
  c: Cast;
  smtp: TestSmtpServer;
  /** One pass of a real delivery worker over the outbox to the SMTP server. */
  deliverAll(): ReturnType<typeof deliverAll>;
  /** The mails accepted whose text (quoted-printable undone) contains every one of `words`. */
  mails(...words: string[]): ReceivedText[];
  /** The same, of the mails to `email`. */
  mailsTo(email: string, ...words: string[]): ReceivedText[];
}

export interface ReceivedText {
  subject: string;
  text: string;
  to: string[];
}

export async function startMailCast(): Promise<MailCast> {
  const t = await createTestDatabase();
  const c = await cast(t.db);
  const smtp = await startSmtpServer();
  const mails = (...words: string[]) =>
    smtp.accepted
      .map((m) => ({ subject: m.subject ?? '', text: plainBody(m.body), to: m.to }))
      .filter((m) => words.every((w) => m.text.includes(w)));
  return {
    t,
    c,
    smtp,
    deliverAll: () => deliverAll(t.db, smtp.url),
    mails,
    mailsTo: (email, ...words) => mails(...words).filter((m) => m.to.includes(email)),
  };
}

export async function stopMailCast(m: MailCast | undefined): Promise<void> {
  await m?.smtp.close();
  await m?.t.drop();
}

const DAY_MS = 86_400_000;

/**
 * The reminder job as the server runs it (a system principal, a reminder after 7 days), on `db`, `days` days from
 * now: what `sendSignOffReminders` and `sendStepReminders` are handed in the mail tests.
 */
export const remindersAt = (db: TestDatabase['db'], days: number) =>
  createContextInner({
    db,
    principal: { kind: 'system', label: 'reminders' },
    settings: { reminderDays: 7 },
    now: () => new Date(Date.now() + days * DAY_MS),
  });
