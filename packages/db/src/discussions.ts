import {
  type AnnouncementRecord,
  type AnnouncementState,
  type Area,
  announcementState,
  type DiscussionState,
} from '@signoff/core';
import type { Db } from './database.ts';

export async function insertDiscussion(
  trx: Db,
  d: {
    reviewId: number;
    area: Area | null;
    scheduledFor: Date;
    attendees: number[];
    agenda: string;
    createdBy: number;
    at: Date;
  },
) {
  return trx
    .insertInto('discussions')
    .values({
      review_id: d.reviewId,
      area: d.area,
      state: 'scheduled',
      scheduled_for: d.scheduledFor,
      attendees: JSON.stringify(d.attendees),
      agenda: d.agenda,
      created_by: d.createdBy,
      created_at: d.at,
      updated_at: d.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const findDiscussion = (db: Db, reviewId: number, id: number) =>
  db
    .selectFrom('discussions')
    .selectAll()
    .where('review_id', '=', reviewId)
    .where('id', '=', id)
    .executeTakeFirst();

export async function updateDiscussion(
  trx: Db,
  id: number,
  patch: {
    state: DiscussionState;
    notes?: string;
    outcome?: string;
    heldBy?: number;
    heldForAreas?: Area[];
  },
  at: Date,
) {
  const { heldBy, heldForAreas, ...rest } = patch;
  return trx
    .updateTable('discussions')
    .set({
      ...rest,
      ...(heldBy === undefined ? {} : { held_by: heldBy }),
      ...(heldForAreas === undefined ? {} : { held_for_areas: heldForAreas }),
      updated_at: at,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const listDiscussions = (db: Db, reviewId: number) =>
  db.selectFrom('discussions').selectAll().where('review_id', '=', reviewId).orderBy('id').execute();

/** Announcements with the delivery state of those sent through the outbox. */
export const listAnnouncements = (db: Db, reviewId: number) =>
  db
    .selectFrom('announcements as a')
    .leftJoin('outbox as o', 'o.id', 'a.mail_id')
    .selectAll('a')
    .select([
      'o.state as mail_state',
      'o.message_id',
      'o.to_addresses',
      'o.sent_at',
      'o.last_error',
      'o.attempts',
    ])
    .where('a.review_id', '=', reviewId)
    .orderBy('a.id')
    .execute();

/** One announcement row as core's announcement rules see it. */
export const announcementRecord = (a: {
  method: AnnouncementRecord['method'];
  mail_state: AnnouncementRecord['mailState'];
}): AnnouncementRecord => ({ method: a.method, mailState: a.mail_state });

/** The review's announcement state as core derives it from every announcement (SPEC 8). */
export const loadAnnouncementState = async (db: Db, reviewId: number): Promise<AnnouncementState> =>
  announcementState((await listAnnouncements(db, reviewId)).map(announcementRecord));

export async function insertManualAnnouncement(
  trx: Db,
  a: { reviewId: number; archiveLink: string; recordedBy: number; at: Date },
) {
  return trx
    .insertInto('announcements')
    .values({
      review_id: a.reviewId,
      method: 'manual',
      archive_link: a.archiveLink,
      recorded_by: a.recordedBy,
      created_at: a.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
