import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate } from '../vocabulary.ts';
import { Field } from './field.tsx';
import { Markdown } from './markdown.tsx';
import { FormError } from './states.tsx';

export interface ThreadComment {
  id: number;
  authorName: string;
  body: string;
  createdAt: string;
  replyTo?: number | null;
}

/** Replies under the comment they answer; a reply whose comment is not in the list starts its own thread. */
export function threadsOf<C extends ThreadComment>(comments: readonly C[]): { comment: C; replies: C[] }[] {
  const ids = new Set(comments.map((c) => c.id));
  const children = new Map<number, C[]>();
  for (const c of comments)
    if (c.replyTo != null && ids.has(c.replyTo))
      children.set(c.replyTo, [...(children.get(c.replyTo) ?? []), c]);
  const flat = (c: C): C[] => (children.get(c.id) ?? []).flatMap((r) => [r, ...flat(r)]);
  return comments
    .filter((c) => c.replyTo == null || !ids.has(c.replyTo))
    .map((c) => ({ comment: c, replies: flat(c) }));
}

function ReplyForm({
  to,
  send,
  onDone,
}: {
  to: ThreadComment;
  send: (body: string, replyTo: number) => Promise<unknown>;
  onDone: () => void;
}) {
  const [body, setBody] = useState('');
  const reply = useMutation({ mutationFn: () => send(body, to.id), onSuccess: onDone });
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (body.trim()) reply.mutate();
      }}
    >
      <Field label={`Reply to ${to.authorName}`} hint="Markdown: **bold**, _italic_, lists, links.">
        {(p) => (
          // biome-ignore lint/a11y/noAutofocus: the reply box opens on request, where the person is typing
          <textarea {...p} autoFocus rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        )}
      </Field>
      <FormError error={reply.error} />
      <div className="actions">
        <button type="submit" disabled={reply.isPending || !body.trim()}>
          Send reply
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function CommentItem({
  comment,
  parent,
  send,
}: {
  comment: ThreadComment;
  parent?: ThreadComment | undefined;
  send?: ((body: string, replyTo: number) => Promise<unknown>) | undefined;
}) {
  const [replying, setReplying] = useState(false);
  return (
    <article className="comment" aria-label={`Comment by ${comment.authorName}`}>
      <p className="comment-meta">
        <strong>{comment.authorName}</strong>
        {parent && <> replied to {parent.authorName}</>},{' '}
        <time dateTime={comment.createdAt}>{formatDate(comment.createdAt)}</time>
      </p>
      <Markdown text={comment.body} />
      {send &&
        (replying ? (
          <ReplyForm to={comment} send={send} onDone={() => setReplying(false)} />
        ) : (
          <button type="button" className="link-button" onClick={() => setReplying(true)}>
            Reply to {comment.authorName}
          </button>
        ))}
    </article>
  );
}

/**
 * Comments as threads: each thread opens with a comment, its replies follow indented (a reply to a reply
 * names whom it answers). Bodies are Markdown, rendered safely. Without `send` there is no reply button.
 */
export function CommentThread({
  comments,
  label,
  send,
}: {
  comments: readonly ThreadComment[];
  label: string;
  send?: ((body: string, replyTo: number) => Promise<unknown>) | undefined;
}) {
  if (comments.length === 0) return null;
  const byId = new Map(comments.map((c) => [c.id, c]));
  return (
    <ul className="thread comments" aria-label={label}>
      {threadsOf(comments).map(({ comment, replies }) => (
        <li key={comment.id}>
          <CommentItem comment={comment} send={send} />
          {replies.length > 0 && (
            <ul aria-label={`Replies to ${comment.authorName}`}>
              {replies.map((r) => (
                <li key={r.id}>
                  <CommentItem
                    comment={r}
                    parent={r.replyTo != null && r.replyTo !== comment.id ? byId.get(r.replyTo) : undefined}
                    send={send}
                  />
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ul>
  );
}
