import type { PipelineStage } from '@signoff/core';
import type { ReviewView } from '../../api.ts';
import { AREA_LABELS } from '../../vocabulary.ts';
import '../progress.css';

type Stage = ReviewView['pipeline'][number];
type Part = Stage['parts'][number];
type State = Stage['state'];

/** The stages in their order (the renderer does not import core at run time; typed against it). */
export const STAGES = [
  'request',
  'steward',
  'privacy_data',
  'legal_security',
  'announcement',
  'ship',
] as const satisfies readonly PipelineStage[];

export const STAGE_LABELS: Record<PipelineStage, string> = {
  request: 'Request',
  steward: 'Data steward',
  privacy_data: 'Privacy/Technical + Data',
  legal_security: 'Legal/Trust + Security',
  announcement: 'Announcement',
  ship: 'Ship',
};

const PART_LABELS: Record<Part['part'], string> = {
  request: 'Request',
  steward: 'Data steward',
  ...AREA_LABELS,
  announcement: 'Announcement',
  ship: 'Ship',
};

/** Each state in words and a symbol, never by colour alone. */
export const STATE_WORDS: Record<State, { label: string; symbol: string }> = {
  done: { label: 'done', symbol: '✓' },
  waiting: { label: 'waiting', symbol: '●' },
  blocked: { label: 'waits on an earlier step', symbol: '…' },
  changes: { label: 'sent back for changes', symbol: '↺' },
  rejected: { label: 'rejected', symbol: '✗' },
  not_started: { label: 'not started', symbol: '○' },
  not_needed: { label: 'not needed for this category', symbol: '–' },
  stopped: { label: 'stopped: withdrawn', symbol: '■' },
};

const ROLE_WORDS: Record<NonNullable<Part['role']>, string> = {
  proposer: 'the proposer',
  data_steward: 'a data steward',
  facilitator: 'a facilitator',
  decision_maker: 'the decision maker',
  admin: 'an admin',
  party: 'the parties',
};

const shortDate = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(undefined, { dateStyle: 'medium' });
};

/** The names of people by id, as review.get gives them; "someone" for an id it does not name. */
export const namesOf = (review: ReviewView) => {
  const byId = new Map(review.people.map((p) => [p.id, p.name]));
  return (ids: readonly number[]) => ids.map((id) => byId.get(id) ?? 'someone');
};

/** "Ana, Ben or Cleo" (any one of them may act), or with "and". */
export const anyOf = (names: string[], word: 'or' | 'and' = 'or') =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${word} ${names.at(-1)}`;

function PartLine({ part, names }: { part: Part; names: (ids: readonly number[]) => string[] }) {
  const who = anyOf(names(part.personIds));
  const open = part.state !== 'done' && part.state !== 'not_needed' && part.state !== 'not_started';
  const owner =
    part.state === 'done'
      ? who
        ? `by ${who}`
        : ''
      : open && part.role
        ? `with ${who || ROLE_WORDS[part.role]}`
        : '';
  const words = STATE_WORDS[part.state];
  return (
    <li className="pipeline-part" data-part={part.part} data-state={part.state}>
      <span className="pipeline-symbol" aria-hidden="true">
        {words.symbol}
      </span>{' '}
      <span className="pipeline-part-name">{PART_LABELS[part.part]}</span>: {words.label}
      {owner && <span className="pipeline-owner"> {owner}</span>}
      {part.at && (
        <>
          {' '}
          <time dateTime={part.at}>{shortDate(part.at)}</time>
        </>
      )}
    </li>
  );
}

/**
 * The review's way through the process as a picture: request → steward → privacy/technical + data →
 * legal/trust + security → announcement → ship, each stage with its state, owner and date (review.get's
 * pipeline, built in core from the open steps).
 */
export function Pipeline({ review }: { review: ReviewView }) {
  const names = namesOf(review);
  return (
    <section aria-labelledby="pipeline-title" className="card">
      <h2 id="pipeline-title">Progress</h2>
      <ol className="pipeline" aria-label={`Stages of ${review.key}`}>
        {review.pipeline.map((s, i) => (
          <li key={s.stage} className="pipeline-stage" data-stage={s.stage} data-state={s.state}>
            <h3>
              <span className="visually-hidden">
                Stage {i + 1} of {review.pipeline.length}:{' '}
              </span>
              {STAGE_LABELS[s.stage]}
              <span className="pipeline-stage-state"> ({STATE_WORDS[s.state].label})</span>
            </h3>
            <ul>
              {s.parts.map((p) => (
                <PartLine key={p.part} part={p} names={names} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
