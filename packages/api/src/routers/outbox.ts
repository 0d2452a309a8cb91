import { DomainError, MAIL_KINDS, MAIL_STATES } from '@signoff/core';
import { listMailAttempts, listOutbox, retryMail } from '@signoff/db';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc.ts';
import { write } from '../write.ts';

const mailState = z.enum(MAIL_STATES);

/** Admins see every mail the product sends, and retry a failed one. */
export const outboxRouter = router({
  list: adminProcedure
    .input(
      z.object({
        state: mailState.optional(),
        reviewId: z.number().int().positive().optional(),
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .output(
      z.array(
        z.object({
          id: z.number(),
          kind: z.enum(MAIL_KINDS),
          reviewId: z.number().nullable(),
          to: z.array(z.string()),
          subject: z.string(),
          state: mailState,
          /** "held: no mail server configured" when no SMTP_URL is set. */
          status: z.string(),
          attempts: z.number(),
          lastError: z.string().nullable(),
          messageId: z.string(),
          sentAt: z.string().nullable(),
          createdAt: z.string(),
        }),
      ),
    )
    .query(async ({ ctx, input }) =>
      (await listOutbox(ctx.db, input)).map((m) => ({
        id: m.id,
        kind: m.kind,
        reviewId: m.review_id,
        to: m.to_addresses,
        subject: m.subject,
        state: m.state,
        status:
          m.state !== 'sent' && !ctx.settings.mailServerConfigured
            ? 'held: no mail server configured'
            : m.state,
        attempts: m.attempts,
        lastError: m.last_error,
        messageId: m.message_id,
        sentAt: m.sent_at?.toISOString() ?? null,
        createdAt: m.created_at.toISOString(),
      })),
    ),

  attempts: adminProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .output(
      z.array(
        z.object({
          attempt: z.number(),
          outcome: z.string().nullable(),
          error: z.string().nullable(),
          startedAt: z.string(),
        }),
      ),
    )
    .query(async ({ ctx, input }) =>
      (await listMailAttempts(ctx.db, input.id)).map((a) => ({
        attempt: a.attempt,
        outcome: a.outcome,
        error: a.error,
        startedAt: a.started_at.toISOString(),
      })),
    ),

  retry: adminProcedure
    .input(z.object({ id: z.number().int().positive() }))
    .output(z.object({ id: z.number(), state: mailState }))
    .mutation(({ ctx, input }) =>
      write(ctx, async (trx, audit) => {
        const r = await retryMail(trx, input.id);
        if (!r.ok) {
          if (r.reason === 'not_found')
            throw new DomainError('NOT_FOUND', `no mail ${input.id}`, { field: 'id' });
          throw new DomainError(
            'RULE_VIOLATION',
            `This mail is ${r.reason.replaceAll('_', ' ')}; there is nothing to retry.`,
            { current: r.reason },
          );
        }
        await audit({
          action: 'mail.retry_requested',
          reviewId: r.mail.review_id,
          subject: `mail:${input.id}`,
        });
        return { id: r.mail.id, state: r.mail.state };
      }),
    ),
});
