import type { Category, ReviewStatus } from '@signoff/core';
import {
  AREA_SHORT_NAMES,
  MITIGATION_KIND_LABELS_SHORT,
  REVIEW_STATUS_LABELS,
} from '@signoff/core/vocabulary';

// The domain's words as the screens show them: core's vocabulary (`@signoff/core/vocabulary`, pure), so a
// screen, a message and the export say the same words. The renderer does not import core's index at run time
// (it holds Node-only modules).
export { AREAS } from '@signoff/core/areas';
export * from '@signoff/core/vocabulary';
export const AREA_LABELS = AREA_SHORT_NAMES;
export const STATUS_LABELS = REVIEW_STATUS_LABELS;
export const STATUSES = Object.keys(STATUS_LABELS) as ReviewStatus[];
export const CATEGORY_LABELS: Record<Category, string> = {
  1: 'Category 1 – technical',
  2: 'Category 2 – interaction',
  3: 'Category 3 – stored content & communications',
  4: 'Category 4 – highly sensitive',
};
export const MITIGATION_KIND_LABELS = MITIGATION_KIND_LABELS_SHORT;

export const categoryLabel = (c: number | null) =>
  c === null ? 'Not categorised' : (CATEGORY_LABELS[c as Category] ?? `Category ${c}`);

export const formatDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
};

/** Days since an ISO time, for "overdue" marks. */
export const daysSince = (iso: string, now = Date.now()) =>
  Math.floor((now - new Date(iso).getTime()) / 86_400_000);

/** "1 review", "2 reviews": a count with its noun in the right number (`many` for irregular plurals). */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The verb after a count or list of subjects: "Data approves", "Privacy/Technical and Data approve". */
export const verbFor = (n: number, singular: string, pluralForm: string) => (n === 1 ? singular : pluralForm);
