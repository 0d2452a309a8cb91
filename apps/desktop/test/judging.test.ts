// The pure parts of issue 15's context for judging and attention: the diff grouped by question, comment
// threads, and the inbox split into "blocked on me now" and "coming to me".
import { describe, expect, it } from 'vitest';
import type { InboxView } from '../src/renderer/api.ts';
import { threadsOf } from '../src/renderer/components/comment-thread.tsx';
import { groupByQuestion } from '../src/renderer/components/diff-by-question.tsx';
import { inboxCount, inboxSteps } from '../src/renderer/inbox-items.ts';

describe('diff by question', () => {
  it("groups field changes under the form's questions, in the form's order, with plain labels", () => {
    const groups = groupByQuestion([
      { path: 'collectionPeriod.expires', before: 'Firefox 150', after: 'never' },
      { path: 'measurements[search.count].category', before: 2, after: 3 },
      { path: 'measurements[#1]', before: null, after: { name: '', category: 1 } },
      { path: 'questionsAnswered', before: 'a', after: 'b' },
    ]);
    expect(groups.map((g) => g.field)).toEqual(['questionsAnswered', 'measurements', 'collectionPeriod']);
    expect(groups[0]?.question).toBe('What questions will you answer with this data?');
    expect(groups[1]?.changes.map((c) => c.label)).toEqual(['search.count: category', 'row 2']);
    expect(groups[2]?.changes[0]?.label).toBe('Expires');
  });

  it('has no group for an unchanged question', () => {
    expect(groupByQuestion([])).toEqual([]);
  });
});

describe('comment threads', () => {
  const c = (id: number, replyTo: number | null) => ({
    id,
    replyTo,
    authorName: `p${id}`,
    body: `b${id}`,
    createdAt: '2030-01-01T00:00:00Z',
  });
  it('puts replies, and replies to replies, under the comment that opened the thread, in order', () => {
    const threads = threadsOf([c(1, null), c(2, 1), c(3, null), c(4, 2), c(5, 1)]);
    expect(threads.map((t) => [t.comment.id, t.replies.map((r) => r.id)])).toEqual([
      [1, [2, 4, 5]],
      [3, []],
    ]);
  });
  it('starts a thread with a reply whose comment is not in the list', () => {
    expect(threadsOf([c(7, 99)]).map((t) => t.comment.id)).toEqual([7]);
  });
});

describe('blocked on me now, coming to me', () => {
  const step: InboxView['now'][number] = {
    reviewId: 1,
    key: 'DR-1',
    title: 'T',
    productName: 'Firefox',
    step: 'announce',
    action: 'announce',
    area: null,
    mitigationId: null,
    escalationId: null,
    label: 'Send or record the announcement to the data-review mailing list',
    waitsOn: [],
    waitingSince: '2030-01-01T00:00:00.000Z',
    overdue: false,
    requestedSteward: null,
  };
  it("is the server's now, coming and counts", () => {
    const inbox: InboxView = {
      myReviews: [],
      now: [step],
      coming: [],
      counts: { now: 1, coming: 0 },
      generatedAt: '2030-01-01T00:00:00.000Z',
    };
    expect(inboxSteps(inbox)).toEqual({ now: [step], coming: [] });
    expect(inboxCount(inbox)).toBe(1);
    // Nothing now: nothing shown or counted.
    const none = { ...inbox, now: [], counts: { now: 0, coming: 0 } };
    expect(inboxSteps(none)).toEqual({ now: [], coming: [] });
    expect(inboxCount(none)).toBe(0);
  });
});
