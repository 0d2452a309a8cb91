import { type Category, isSensitiveCategory } from './categories.ts';

/** "…we require additional review to be performed and an announcement to a mailing list." */
export const DEFAULT_ANNOUNCEMENT_LIST = 'data-review@mozilla.com';

/** none → queued (outbox) → sent, or failing while retried; `recorded` = sent by hand (archive link). */
export const ANNOUNCEMENT_STATES = ['none', 'queued', 'sent', 'failing', 'recorded'] as const;
export type AnnouncementState = (typeof ANNOUNCEMENT_STATES)[number];

/** Required for category 3 and 4, "including in pre-release channels and experiments". */
export const isAnnouncementRequired = (category: Category): boolean => isSensitiveCategory(category);

export const isAnnouncementDone = (state: AnnouncementState): boolean =>
  state === 'sent' || state === 'recorded';
