import type { Mail, OutboxEntry } from '@signoff/db';

export const HELD_NO_MAIL_SERVER = 'held: no mail server configured';

export type DeliveryLabel = 'queued' | 'held' | 'sending' | 'retrying' | 'sent' | 'failed';

export interface DeliveryStatus {
  label: DeliveryLabel;
  /** One line for people: what happened and what happens next. */
  detail: string;
}

/**
 * How a mail's delivery reads in the outbox and on a review. Without a mail server, undelivered mail is
 * shown as held: nothing is dropped, it goes out once SMTP_URL is configured.
 */
export function deliveryStatus(
  mail: Pick<Mail | OutboxEntry, 'state' | 'attempts' | 'last_error' | 'next_attempt_at' | 'sent_at'>,
  opts: { mailServerConfigured: boolean },
): DeliveryStatus {
  const lastError = mail.last_error ? `; last error: ${mail.last_error}` : '';
  switch (mail.state) {
    case 'sent':
      return { label: 'sent', detail: `sent ${mail.sent_at?.toISOString() ?? ''}`.trim() };
    case 'failed':
      return { label: 'failed', detail: `refused by the mail server; retry it when fixed${lastError}` };
    default:
      if (!opts.mailServerConfigured) return { label: 'held', detail: `${HELD_NO_MAIL_SERVER}${lastError}` };
      if (mail.state === 'sending')
        return { label: 'sending', detail: `attempt ${mail.attempts} in progress` };
      if (mail.state === 'retrying')
        return {
          label: 'retrying',
          detail: `${mail.attempts} failed attempt(s), next at ${mail.next_attempt_at.toISOString()}${lastError}`,
        };
      return { label: 'queued', detail: 'waiting for the delivery worker' };
  }
}
