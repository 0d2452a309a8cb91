import { formatDate } from '../vocabulary.ts';
import { Markdown } from './markdown.tsx';
import { Badge } from './states.tsx';
import './judging.css';

export interface PaperView {
  authorId: number;
  authorName: string;
  version: number;
  updatedAt: string;
  body: string;
}

/**
 * Position papers side by side (one column per party, wrapping on narrow windows), so the decision maker
 * and the parties compare the recommended approaches at a glance. Bodies are Markdown, rendered safely.
 */
export function PositionPapers({
  papers,
  shared,
  label,
}: {
  papers: readonly PaperView[];
  shared: boolean;
  label: string;
}) {
  return (
    <ul className="papers papers-side" aria-label={label} data-columns={papers.length}>
      {papers.map((p) => (
        <li key={p.authorId}>
          <article aria-label={`Position paper of ${p.authorName}`}>
            <p className="paper-meta">
              <strong>{p.authorName}</strong> (version {p.version}, {formatDate(p.updatedAt)})
              {!shared && <Badge>draft</Badge>}
            </p>
            <Markdown className="paper-body" text={p.body} />
          </article>
        </li>
      ))}
    </ul>
  );
}
