import {
  evaluateCanShip,
  mayReadPositionPaper,
  REVIEW_EXPORT_FORMAT,
  type ReviewExport,
  surveyItemState,
} from '@signoff/core';
import type { Db, ReviewRow } from '@signoff/db';
import { loadWholeReview, type WholeReview } from './whole-review.ts';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Everything about one review that `viewerId` may read, as the export document (the caller has checked
 * that the review may be seen). Position papers not yet shared are their authors' drafts: left out, and
 * their bodies withheld from the timeline, for anyone else (the escalation list's rule).
 */
export async function buildReviewExport(
  db: Db,
  row: ReviewRow,
  now: Date,
  viewerId: number | null,
): Promise<ReviewExport> {
  return reviewExportOf(await loadWholeReview(db, row, now), now, viewerId);
}

/** The export document projected from the whole review, for `viewerId` (see buildReviewExport). */
export function reviewExportOf(whole: WholeReview, now: Date, viewerId: number | null): ReviewExport {
  const {
    row,
    product,
    channels,
    externalRefs: refs,
    revisions,
    stewardReviews,
    signOffs,
    reviewers,
    comments,
    mitigations,
    discussions,
    announcements,
    escalations,
    renewals,
    gleanImports,
    surveyItems,
    escalationComments,
    timeline: events,
    collectionPeriod: period,
    facts: f,
  } = whole;
  const shared = new Map(escalations.map((e) => [e.id, e.papers_shared_at !== null]));
  const papers = whole.positionPapers.filter((p) =>
    mayReadPositionPaper(shared.get(p.escalation_id) ?? false, p.author_id, viewerId),
  );
  // Names, not ids: everyone the review names has a display name; one that is gone reads as "someone".
  const who = (id: number) => ({ id, name: whole.names.get(id) ?? 'someone' });
  const whoOrNull = (id: number | null) => (id === null ? null : who(id));

  const doc: ReviewExport = {
    format: REVIEW_EXPORT_FORMAT,
    exportedAt: iso(now),
    review: {
      id: row.id,
      key: row.key,
      title: row.title,
      product,
      status: row.status,
      category: row.category,
      stewardOutcome: row.steward_outcome,
      visibility: row.visibility,
      privateReason: row.private_reason,
      runsInExperiments: row.runs_in_experiments,
      channels: channels.map((c) => ({
        channel: c.channel,
        defaultState: c.default_state,
      })),
      externalRefs: refs.map((r) => ({ kind: r.kind, value: r.value })),
      proposer: who(row.proposer_id),
      requester: who(row.requester_id),
      engineeringOwner: whoOrNull(row.engineering_owner_id),
      currentRevision: row.current_revision,
      createdAt: iso(row.created_at),
      submittedAt: isoOrNull(row.submitted_at),
      shippedAt: isoOrNull(row.shipped_at),
      collectionPeriod: { expires: period.expires, description: period.description, expired: period.expired },
    },
    revisions: revisions.map((v) => ({
      number: v.number,
      author: who(v.author_id),
      createdAt: iso(v.created_at),
      contentHash: v.content_hash,
      form: (v.content ?? {}) as Record<string, unknown>,
    })),
    stewardReviews: stewardReviews.map((s) => ({
      id: s.id,
      revision: s.revision,
      steward: who(s.steward_id),
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
    signOffs: signOffs.map((s) => ({
      id: s.id,
      area: s.area,
      revision: s.revision,
      stale: s.revision !== row.current_revision,
      facilitator: who(s.facilitator_id),
      risk: s.risk,
      decision: s.decision,
      rationale: s.rationale,
      precedentReviewId: s.precedent_review_id,
      trustApproval: s.trust_approval,
      createdAt: iso(s.created_at),
    })),
    reviewers: reviewers.map((r) => ({
      area: r.area,
      person: { id: r.person_id, name: r.display_name },
    })),
    comments: comments.map((c) => ({
      id: c.id,
      area: c.area,
      author: { id: c.author_id, name: c.author_name },
      body: c.body,
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
      escalationId: m.escalation_id,
      createdAt: iso(m.created_at),
      updatedAt: iso(m.updated_at),
    })),
    discussions: discussions.map((d) => ({
      id: d.id,
      area: d.area,
      state: d.state,
      scheduledFor: iso(d.scheduled_for),
      agenda: d.agenda,
      notes: d.notes,
      outcome: d.outcome,
    })),
    announcements: announcements.map((a) => ({
      id: a.id,
      method: a.method,
      archiveLink: a.archive_link,
      createdAt: iso(a.created_at),
    })),
    escalations: escalations.map((e) => ({
      id: e.id,
      areas: e.areas,
      question: e.question,
      level: e.level,
      state: e.state,
      openedBy: who(e.opened_by),
      facilitator: who(e.facilitator_id),
      papersSharedAt: isoOrNull(e.papers_shared_at),
      decision: e.decision,
      rationale: e.rationale,
      decidedBy: whoOrNull(e.decided_by),
      decidedAt: isoOrNull(e.decided_at),
      papers: papers
        .filter((p) => p.escalation_id === e.id)
        .map((p) => ({
          author: who(p.author_id),
          version: p.version,
          body: p.body,
          createdAt: iso(p.created_at),
        })),
      comments: escalationComments
        .filter((c) => c.escalation_id === e.id)
        .map((c) => ({ author: who(c.author_id), body: c.body, createdAt: iso(c.created_at) })),
      meetings: whole.escalationMeetings
        .filter((m) => m.escalation_id === e.id)
        .map((m) => ({
          state: m.state,
          scheduledFor: iso(m.scheduled_for),
          agenda: m.agenda,
          notes: m.notes,
        })),
    })),
    renewals: renewals.map((n) => ({
      id: n.id,
      requestedBy: who(n.requested_by),
      previousExpires: n.previous_expires,
      newExpires: n.new_expires,
      monitoredBy: n.monitored_by,
      reason: n.reason,
      bug: n.bug,
      state: n.state,
      steward: whoOrNull(n.steward_id),
      outcome: n.outcome,
      stewardReview: n.steward_review,
      reviewAnswers: n.review_answers,
      decidedAt: isoOrNull(n.decided_at),
      createdAt: iso(n.created_at),
    })),
    gleanImports: gleanImports.map((g) => ({
      id: g.id,
      bug: g.bug,
      revision: g.revision,
      files: g.files,
      metrics: g.metrics.map((m) => ({
        name: m.name,
        dataSensitivity: m.dataSensitivity,
        category: m.category,
        expires: m.expires,
      })),
      createdAt: iso(g.created_at),
    })),
    surveyAnswers: surveyItems.map((s) => ({
      year: s.year,
      owner: { id: s.owner_id, name: s.owner_name },
      state: surveyItemState({ answeredAt: s.answered_at }, s.due_at, now),
      stillNecessary: s.still_necessary,
      reason: s.reason,
      responsible:
        s.responsible_id === null ? null : { id: s.responsible_id, name: s.responsible_name ?? '' },
      answeredAt: isoOrNull(s.answered_at),
    })),
    gate: f ? f.channels.map((c) => evaluateCanShip(f, c.channel, now)) : [],
    timeline: events.map((e) => ({
      seq: e.seq,
      at: iso(e.at),
      actor: e.actor_label,
      actorName: e.actor_id === null ? null : (whole.names.get(e.actor_id) ?? null),
      action: e.action,
      subject: e.subject,
      before: e.before,
      after: withheldDraft(e, shared, viewerId) ?? e.after,
      prevHash: e.prev_hash,
      hash: e.hash,
    })),
  };
  return doc;
}

/** A draft paper's audit event, for anyone but its author: who wrote which version, not what it says. */
function withheldDraft(
  e: { action: string; subject: string | null; after: unknown },
  shared: Map<number, boolean>,
  viewerId: number | null,
): unknown {
  if (e.action !== 'escalation.paper_written') return null;
  const after = e.after as { authorId?: number; version?: number } | null;
  const escalationId = Number(/:escalation:(\d+)$/.exec(e.subject ?? '')?.[1]);
  if (mayReadPositionPaper(shared.get(escalationId) ?? false, after?.authorId ?? -1, viewerId)) return null;
  return {
    authorId: after?.authorId ?? null,
    version: after?.version ?? null,
    body: '(draft, not yet shared)',
  };
}
