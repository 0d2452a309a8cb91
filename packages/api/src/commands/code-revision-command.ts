import {
  type ClassificationState,
  type CodeRevisionRef,
  DomainError,
  wantsNotification,
} from '@signoff/core';
import {
  type CodeRevisionRow,
  type Db,
  enqueueMail,
  type LandingFactsRow,
  loadLandingFacts,
  lockCodeRevision,
} from '@signoff/db';
import type { Context } from '../context.ts';
import { revisionLabel, stateOfFacts } from '../landing.ts';
import { type Audit, write } from '../write.ts';
import type { PersonContext } from './review-command.ts';

/** A revision's own audit chain: `code-revision:<id>`. */
export const stream = (row: { id: number }) => `code-revision:${row.id}`;

export const notFound = (ref: CodeRevisionRef) =>
  new DomainError(
    'NOT_FOUND',
    `Revision ${revisionLabel(ref)} was never taken in (POST /api/v1/intake/revisions).`,
  );

export const revisionLink = (ctx: Pick<Context, 'settings'>, r: CodeRevisionRef) =>
  `${ctx.settings.publicUrl.replace(/\/$/, '')}/revisions/${encodeURIComponent(r.system)}/${encodeURIComponent(r.repository)}/${encodeURIComponent(r.revision)}`;
/**
 * Mail to people by email in the caller's transaction: known people who turned code-review mail off or were
 * deactivated get none; people unknown to the product (recorded by email) are told too, since code review
 * knows them. The actor is not told of their own action.
 */
export async function notifyEmails(
  trx: Db,
  ctx: Context,
  emails: readonly string[],
  mail: { subject: string; text: string },
  reviewId: number | null,
) {
  const actor = ctx.principal?.kind === 'person' ? ctx.principal.email.toLowerCase() : null;
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))].filter((e) => e !== actor);
  if (wanted.length === 0) return;
  const known = await trx
    .selectFrom('people')
    .select(['email', 'active', 'muted_notifications'])
    .where('email', 'in', wanted)
    .execute();
  const quiet = new Set(
    known
      .filter((p) => !p.active || !wantsNotification(p.muted_notifications, 'code_review'))
      .map((p) => p.email.toLowerCase()),
  );
  for (const email of wanted.filter((e) => !quiet.has(e)))
    await enqueueMail(trx, {
      kind: 'notification',
      to: [email],
      subject: mail.subject,
      text: mail.text,
      reviewId,
      messageIdDomain: ctx.settings.messageIdDomain,
    });
}

export const stewardEmails = async (db: Db) =>
  (
    await db
      .selectFrom('people')
      .select('email')
      .where('is_steward', '=', true)
      .where('active', '=', true)
      .orderBy('email')
      .execute()
  ).map((p) => p.email.toLowerCase());

export const lockOrThrow = async (trx: Db, ref: CodeRevisionRef) => {
  const row = await lockCodeRevision(trx, ref);
  if (!row) throw notFound(ref);
  return row;
};

/** What every command on a revision is handed: its transaction, the audit, the locked revision and its facts. */
export interface CodeRevisionScope {
  ctx: PersonContext;
  trx: Db;
  audit: Audit;
  /** Locked for the rest of the transaction: commands on one revision run one after another. */
  row: CodeRevisionRow;
  facts: LandingFactsRow;
  state: ClassificationState;
  label: string;
}

export interface CodeRevisionCommandInput extends CodeRevisionRef {
  idempotencyKey?: string | undefined;
}

/**
 * The pipeline of every write to a code revision (like reviewCommand for reviews): one transaction with its
 * audit events (idempotent with a key), the revision locked and loaded with its classification facts, then
 * the use case.
 */
export function codeRevisionCommand<I extends CodeRevisionCommandInput, O>(
  procedure: string,
  run: (scope: CodeRevisionScope, input: I) => Promise<O>,
): (opts: { ctx: PersonContext; input: I }) => Promise<O> {
  return ({ ctx, input }) =>
    write(
      ctx,
      async (trx, audit) => {
        const ref = { system: input.system, repository: input.repository, revision: input.revision };
        const row = await lockOrThrow(trx, ref);
        const facts = (await loadLandingFacts(trx, ref))!;
        return run(
          { ctx, trx, audit, row, facts, state: stateOfFacts(facts), label: revisionLabel(row) },
          input,
        );
      },
      { key: input.idempotencyKey, procedure },
    );
}
