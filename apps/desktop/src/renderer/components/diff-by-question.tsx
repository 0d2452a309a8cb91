import { REQUEST_FORM_QUESTIONS } from '@signoff/core/request-form';
import { useQuery } from '@tanstack/react-query';
import { type Outputs, useTRPC } from '../api.ts';
import { Link } from '../router.tsx';
import { ErrorState, Loading } from './states.tsx';
import './judging.css';

export type RevisionChange = Outputs['review']['diff']['changes'][number];

export interface QuestionChanges {
  field: string;
  question: string;
  changes: { label: string | null; before: unknown; after: unknown }[];
}

const PART_LABELS: Record<string, string> = {
  expires: 'Expires',
  monitoredBy: 'Monitored by',
  name: 'name',
  description: 'description',
  category: 'category',
  trackingBug: 'tracking bug',
  categoryReason: 'reason for the category',
};

/** `measurements[search.count].category` → question `measurements`, label `search.count: category`. */
function labelOf(path: string, field: string): string | null {
  const rest = path.slice(field.length);
  if (!rest) return null;
  const row = /^\[(.*)\](?:\.(\w+))?$/.exec(rest);
  if (row) {
    const name = row[1]?.startsWith('#') ? `row ${Number(row[1].slice(1)) + 1}` : row[1];
    return row[2] ? `${name}: ${PART_LABELS[row[2]] ?? row[2]}` : (name ?? null);
  }
  const part = rest.replace(/^\./, '');
  return PART_LABELS[part] ?? part;
}

/** The changes between two revisions, grouped under the request form's questions, in the form's order. */
export function groupByQuestion(changes: readonly RevisionChange[]): QuestionChanges[] {
  const groups: QuestionChanges[] = [];
  for (const { field, question } of REQUEST_FORM_QUESTIONS) {
    const mine = changes.filter(
      (c) => c.path === field || c.path.startsWith(`${field}.`) || c.path.startsWith(`${field}[`),
    );
    if (mine.length)
      groups.push({
        field,
        question,
        changes: mine.map((c) => ({ label: labelOf(c.path, field), before: c.before, after: c.after })),
      });
  }
  return groups;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

function show(v: unknown): string {
  if (empty(v)) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const m = v as Record<string, unknown>;
    if ('name' in m || 'category' in m)
      return [
        m.name,
        m.description,
        m.category !== undefined ? `category ${m.category}` : null,
        m.trackingBug ? `tracking bug ${m.trackingBug}` : null,
      ]
        .filter((x) => !empty(x))
        .join(' — ');
    return Object.entries(m)
      .map(([k, x]) => `${PART_LABELS[k] ?? k}: ${show(x)}`)
      .join('; ');
  }
  return String(v);
}

function Side({ kind, value }: { kind: 'before' | 'after'; value: unknown }) {
  return (
    <div className={`diff-side ${kind}`}>
      <span className="diff-side-label">{kind === 'before' ? 'Before' : 'After'}</span>
      {empty(value) ? <em>{kind === 'before' ? 'not answered' : 'removed'}</em> : show(value)}
    </div>
  );
}

/** A diff by question: each changed question with what it said before and what it says after. */
export function DiffByQuestion({
  changes,
  from,
  to,
  headingLevel = 4,
}: {
  changes: readonly RevisionChange[];
  from: number;
  to: number;
  headingLevel?: 3 | 4 | 5;
}) {
  const groups = groupByQuestion(changes);
  if (groups.length === 0)
    return (
      <p>
        No question changed between revision {from} and revision {to}.
      </p>
    );
  const H = `h${headingLevel}` as const;
  const Sub = `h${headingLevel + 1}` as 'h4' | 'h5' | 'h6';
  return (
    <section className="diff-by-question" aria-label={`Changes from revision ${from} to ${to}`}>
      <p>
        {groups.length} question{groups.length === 1 ? '' : 's'} changed from revision {from} to revision {to}
        .
      </p>
      {groups.map((g) => (
        <section key={g.field} className="diff-question" aria-label={g.question}>
          <H>{g.question}</H>
          {g.changes.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the changes of one question are positional
            <div key={i}>
              {c.label && <Sub>{c.label}</Sub>}
              <div className="diff-sides">
                <Side kind="before" value={c.before} />
                <Side kind="after" value={c.after} />
              </div>
            </div>
          ))}
        </section>
      ))}
    </section>
  );
}

/** The diff of two revisions of a review, loaded. */
export function RevisionDiff({
  reviewKey,
  from,
  to,
  headingLevel,
}: {
  reviewKey: string;
  from: number;
  to: number;
  headingLevel?: 3 | 4 | 5;
}) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.review.diff.queryOptions({ review: reviewKey, from, to }));
  if (diff.isPending) return <Loading what="the differences" />;
  if (diff.isError)
    return <ErrorState error={diff.error} retry={() => diff.refetch()} what="the differences" />;
  return (
    <DiffByQuestion
      changes={diff.data.changes}
      from={from}
      to={to}
      {...(headingLevel ? { headingLevel } : {})}
    />
  );
}

export const revisionPath = (reviewKey: string, number: number, from?: number) =>
  `/reviews/${reviewKey}/revisions/${number}${from !== undefined ? `?from=${from}` : ''}`;

/**
 * Before re-confirming a stale sign-off: what changed in the documentation since the revision signed
 * (the signed-in facilitator's own sign-off in the area, else the area's last one).
 */
export function ChangesSinceSignOff({
  reviewKey,
  currentRevision,
  signOffs,
  myId,
}: {
  reviewKey: string;
  currentRevision: number;
  signOffs: readonly { revision: number; facilitatorId: number; facilitatorName: string }[];
  myId: number;
}) {
  const mine = signOffs.filter((s) => s.facilitatorId === myId).at(-1);
  const signed = mine ?? signOffs.at(-1);
  if (!signed || signed.revision >= currentRevision) return null;
  return (
    <section className="changes-since" aria-label={`Changes since ${mine ? 'my' : 'the last'} sign-off`}>
      <h4>
        Changes since {mine ? 'your' : `${signed.facilitatorName}'s`} sign-off on revision {signed.revision}
      </h4>
      <RevisionDiff reviewKey={reviewKey} from={signed.revision} to={currentRevision} headingLevel={5} />
      <p>
        <Link to={revisionPath(reviewKey, currentRevision, signed.revision)}>
          Open revision {currentRevision} with these changes
        </Link>
      </p>
    </section>
  );
}
