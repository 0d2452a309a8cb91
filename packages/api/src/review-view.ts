import {
  type Actor,
  AREAS,
  allowedActions,
  announcementDelivery,
  CHANNELS,
  type DraftRequestForm,
  evaluateCanShip,
  latestSignOffs,
  reviewPipeline,
  signOffState,
} from '@signoff/core';
import { type Db, getRevision, type ReviewRow } from '@signoff/db';
import { precedentKey } from './commands/sign-off-view.ts';
import type { ReviewView } from './review-schemas.ts';
import { loadWholeReview, type WholeReview } from './whole-review.ts';

const iso = (d: Date) => d.toISOString();

export async function productName(db: Db, productId: number): Promise<string> {
  return (
    await db.selectFrom('products').select('name').where('id', '=', productId).executeTakeFirstOrThrow()
  ).name;
}

export const summaryOf = (row: ReviewRow, product: string) => ({
  id: row.id,
  key: row.key,
  title: row.title,
  status: row.status,
  productId: row.product_id,
  productName: product,
  category: row.category,
  visibility: row.visibility,
  currentRevision: row.current_revision,
  proposerId: row.proposer_id,
  updatedAt: iso(row.updated_at),
});

export const currentForm = async (db: Db, row: ReviewRow): Promise<DraftRequestForm> =>
  row.current_revision > 0
    ? ((await getRevision(db, row.id, row.current_revision))?.content as DraftRequestForm)
    : {};

/** Why an outbox mail has not gone out yet, in words (the outbox list says "held" for the same reason). */
function deliveryNote(state: string | null, lastError: string | null, mailServerConfigured: boolean) {
  if (state === null || state === 'sent') return null;
  if (!mailServerConfigured)
    return 'held in the outbox: no mail server is configured; an admin can set one up';
  const why = lastError ? ` (${lastError})` : '';
  if (state === 'failed') return `the mail server refused it for good${why}; an admin can retry it`;
  if (state === 'retrying') return `the mail server refused it${why}; it is retried with backoff`;
  return 'waiting in the outbox for the mail worker to deliver it';
}

/** Everything a client needs to show one review, in one call (loaded whole: whole-review.ts). */
export async function buildReviewView(
  db: Db,
  row: ReviewRow,
  now: Date,
  actor: Actor,
  opts: { mailServerConfigured?: boolean } = {},
): Promise<ReviewView> {
  return reviewViewOf(await loadWholeReview(db, row, now), actor, now, opts);
}

/** `review.get`: the whole review as the actor sees it, with what they may do now. */
export function reviewViewOf(
  whole: WholeReview,
  actor: Actor,
  now: Date,
  opts: { mailServerConfigured?: boolean } = {},
): ReviewView {
  const {
    row,
    product,
    channels,
    externalRefs: refs,
    form,
    revisions,
    stewardReviews,
    signOffs,
    reviewers,
    comments,
    mitigations,
    mitigationMessages,
    discussions,
    announcements,
    facts: f,
    openSteps: steps,
    timeline,
    people: reviewPeople,
  } = whole;
  const name = (id: number) => whole.names.get(id) ?? '';
  // Names, not emails (issue 15): of the facilitators, the timeline's actors, every step's owners and the
  // escalations' parties.
  const namedIds = [
    ...new Set([
      ...signOffs.map((s) => s.facilitator_id),
      ...timeline.flatMap((e) => (e.actor_id === null ? [] : [e.actor_id])),
      ...steps.flatMap((s) => s.owner.personIds),
      ...stewardReviews.map((s) => s.steward_id),
      ...(row.requested_steward_id === null ? [] : [row.requested_steward_id]),
      // Who opened each escalation and the facilitator with them (the escalation list names them by id).
      ...whole.escalations.flatMap((e) => [e.opened_by, e.facilitator_id]),
      row.proposer_id,
    ]),
  ];
  const names = new Map(namedIds.flatMap((id) => (whole.names.has(id) ? [[id, name(id)] as const] : [])));
  const lastSteward = stewardReviews.at(-1);
  const lastAnnouncement = announcements.at(-1);
  const signOffViews = signOffs.map((s) => ({
    id: s.id,
    area: s.area,
    revision: s.revision,
    facilitatorId: s.facilitator_id,
    facilitatorName: names.get(s.facilitator_id) ?? '',
    risk: s.risk,
    decision: s.decision,
    rationale: s.rationale,
    precedentReviewId: s.precedent_review_id,
    precedentKey: precedentKey(s.precedent_review_id),
    trustApproval: s.trust_approval,
    createdAt: iso(s.created_at),
  }));
  const latest = latestSignOffs(signOffViews);
  return {
    ...summaryOf(row, product),
    privateReason: row.private_reason,
    runsInExperiments: row.runs_in_experiments,
    requesterId: row.requester_id,
    engineeringOwnerId: row.engineering_owner_id,
    stewardOutcome: row.steward_outcome,
    requestedSteward:
      row.requested_steward_id === null
        ? null
        : { id: row.requested_steward_id, name: names.get(row.requested_steward_id) ?? '' },
    channels: channels.map((c) => ({
      channel: c.channel,
      defaultState: c.default_state,
    })),
    externalRefs: refs.map((r) => ({ kind: r.kind, value: r.value })),
    createdAt: iso(row.created_at),
    form,
    revisions: revisions.map((r) => ({
      number: r.number,
      authorId: r.author_id,
      authorName: name(r.author_id),
      createdAt: iso(r.created_at),
      contentHash: r.content_hash,
    })),
    stewardReviews: stewardReviews.map((s) => ({
      id: s.id,
      revision: s.revision,
      stewardId: s.steward_id,
      category: s.category,
      categoryReason: s.category_reason,
      outcome: s.outcome,
      answers: s.answers as Record<string, unknown>,
      neededForSecurity: s.needed_for_security,
      defaultState: s.default_state,
      returnedQuestions: s.problems as { field: string; note: string }[],
      review: s.comment,
      createdAt: iso(s.created_at),
    })),
    areas: AREAS.map((area) => {
      const current = latest.get(area) ?? null;
      return {
        area,
        state: signOffState(current ?? undefined, row.current_revision),
        current,
        history: signOffViews.filter((s) => s.area === area),
        reviewers: reviewers
          .filter((r) => r.area === area)
          .map((r) => ({ personId: r.person_id, name: r.display_name, email: r.email })),
      };
    }),
    comments: comments.map((c) => ({
      id: c.id,
      area: c.area,
      authorId: c.author_id,
      authorName: c.author_name,
      body: c.body,
      replyTo: c.reply_to,
      createdAt: iso(c.created_at),
    })),
    mitigations: mitigations.map((m) => ({
      id: m.id,
      area: m.area,
      kind: m.kind,
      description: m.description,
      state: m.state,
      implementedRevision: m.implemented_revision,
      decisionNote: m.decision_note,
      createdBy: m.created_by,
      updatedAt: iso(m.updated_at),
      thread: mitigationMessages
        .filter((x) => x.mitigation_id === m.id)
        .map((x) => ({
          id: x.id,
          authorId: x.author_id,
          authorName: x.author_name,
          move: x.move,
          body: x.body,
          createdAt: iso(x.created_at),
        })),
    })),
    discussions: discussions.map((d) => ({
      id: d.id,
      area: d.area,
      state: d.state,
      scheduledFor: iso(d.scheduled_for),
      attendeeIds: d.attendees as number[],
      agenda: d.agenda,
      notes: d.notes,
      outcome: d.outcome,
    })),
    announcements: announcements.map((a) => ({
      id: a.id,
      method: a.method,
      archiveLink: a.archive_link,
      createdAt: iso(a.created_at),
      delivery: announcementDelivery(a.mail_state),
      messageId: a.message_id,
      to: a.to_addresses ?? [],
      sentAt: a.sent_at ? iso(a.sent_at) : null,
      lastError: a.last_error,
      deliveryNote: deliveryNote(a.mail_state, a.last_error, opts.mailServerConfigured ?? true),
    })),
    // The gate's answer on each channel the review covers; a channel it does not cover is named apart (the
    // gate answers CHANNEL_NOT_REQUESTED there, which no step of this review can clear).
    canShip: f ? f.channels.map((c) => evaluateCanShip(f, c.channel, now)) : [],
    channelsNotCovered: f ? CHANNELS.filter((c) => !f.channels.some((x) => x.channel === c)) : [],
    openSteps: steps,
    pipeline: reviewPipeline(
      {
        status: row.status,
        category: row.category,
        currentRevision: row.current_revision,
        proposerId: row.proposer_id,
        submittedAt: row.submitted_at,
        shippedAt: row.shipped_at,
        steward: lastSteward
          ? {
              personId: lastSteward.steward_id,
              outcome: lastSteward.outcome,
              at: lastSteward.created_at,
            }
          : null,
        signOffs: [...latest.values()].map((s) => ({
          area: s.area,
          personId: s.facilitatorId,
          revision: s.revision,
          decision: s.decision,
          at: new Date(s.createdAt),
        })),
        announcement: {
          state: f?.announcement.state ?? 'none',
          at: lastAnnouncement?.created_at ?? null,
          personId: lastAnnouncement?.recorded_by ?? null,
        },
      },
      steps,
    ).map((st) => ({
      stage: st.stage,
      state: st.state,
      parts: st.parts.map((p) => ({ ...p, at: p.at ? iso(p.at) : null })),
    })),
    /** Display names of the people the view names by id (step owners, timeline actors, stewards). */
    people: [...names].map(([id, name]) => ({ id, name })),
    allowedActions: f
      ? allowedActions(f, reviewPeople, actor, now, {
          form,
          discussions: discussions.map((d) => ({ id: d.id, area: d.area, state: d.state })),
          // The escalation meetings, for who may record each; the escalation router lists them.
          meetings: whole.escalationMeetings.map((m) => ({
            id: m.id,
            escalationId: m.escalation_id,
            state: m.state,
          })),
        })
      : [],
    timeline: timeline.map((e) => ({
      seq: e.seq,
      action: e.action,
      actor: e.actor_label,
      actorName: e.actor_id === null ? null : (names.get(e.actor_id) ?? null),
      subject: e.subject,
      at: iso(e.at),
    })),
  };
}
