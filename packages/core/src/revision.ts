import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import { DomainError } from './errors.ts';
import { type DraftRequestForm, REQUEST_FORM_QUESTIONS } from './request-form.ts';

/** sha256 (hex) of the canonical JSON of a revision's content: equal content, equal hash. */
export const contentHash = (form: DraftRequestForm): string =>
  createHash('sha256').update(canonicalJson(form)).digest('hex');

/** SPEC 4: an edit based on an old revision is refused as a conflict, never silently merged or lost. */
export function assertBasedOnCurrentRevision(
  baseRevision: number | null,
  currentRevision: number | null,
): void {
  if (baseRevision === currentRevision) return;
  throw new DomainError(
    'CONFLICT',
    currentRevision === null
      ? `This edit is based on revision ${baseRevision}, but the review has no revision yet.`
      : `This edit is based on revision ${baseRevision ?? 'none'}, but the current revision is ${currentRevision}. Reload revision ${currentRevision} and apply your change again.`,
    { baseRevision, currentRevision },
  );
}

export const nextRevisionNumber = (currentRevision: number | null): number => (currentRevision ?? 0) + 1;

export interface FieldChange {
  /** `questionsAnswered`, `collectionPeriod.expires`, `measurements[some.metric].category`… */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

const present = (v: unknown) => v !== undefined && v !== null && v !== '';
const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function change(path: string, before: unknown, after: unknown): FieldChange | null {
  if (same(before, after)) return null;
  const kind = !present(before) ? 'added' : !present(after) ? 'removed' : 'changed';
  return { path, kind, before: before ?? null, after: after ?? null };
}

type Row = Record<string, unknown>;

/** Measurements are matched by name (unnamed rows by position), so reordering rows is not a change. */
function rowKey(row: Row, index: number): string {
  return typeof row.name === 'string' && row.name.trim() !== '' ? row.name : `#${index}`;
}

function diffRows(before: readonly Row[], after: readonly Row[]): FieldChange[] {
  const changes: FieldChange[] = [];
  const keyed = (rows: readonly Row[]) => new Map(rows.map((r, i) => [rowKey(r, i), r] as const));
  const a = keyed(before);
  const b = keyed(after);
  for (const [key, row] of a) {
    const other = b.get(key);
    if (!other) {
      changes.push({ path: `measurements[${key}]`, kind: 'removed', before: row, after: null });
      continue;
    }
    for (const f of new Set([...Object.keys(row), ...Object.keys(other)])) {
      const c = change(`measurements[${key}].${f}`, row[f], other[f]);
      if (c) changes.push(c);
    }
  }
  for (const [key, row] of b) {
    if (!a.has(key)) changes.push({ path: `measurements[${key}]`, kind: 'added', before: null, after: row });
  }
  return changes;
}

/** SPEC 4: revisions can be compared, field by field, in the form's order. */
export function diffRevisions(before: DraftRequestForm, after: DraftRequestForm): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const { field } of REQUEST_FORM_QUESTIONS) {
    if (field === 'measurements') {
      changes.push(...diffRows(before.measurements ?? [], after.measurements ?? []));
    } else if (field === 'collectionPeriod') {
      for (const f of ['expires', 'monitoredBy'] as const) {
        const c = change(`collectionPeriod.${f}`, before.collectionPeriod?.[f], after.collectionPeriod?.[f]);
        if (c) changes.push(c);
      }
    } else {
      const c = change(field, before[field], after[field]);
      if (c) changes.push(c);
    }
  }
  return changes;
}
