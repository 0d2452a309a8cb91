import { renderRequestText, renderStewardReviewText } from '@signoff/core';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { completeForm, reviewed, submittedReview } from '../../../test/review-fixtures.ts';

// The request and the steward's review as the plain-text forms a Bugzilla attachment holds (issue 14).
const { c } = castPerFile();

describe('export: the Bugzilla attachments', () => {
  it('the request as plain text: request.md question by question with the answers of the current revision', async () => {
    const r = await reviewed(c, 3, { bug: '1907777' });
    const file = await c.proposer.caller.export.requestText({ review: r.key });
    expect(file.fileName).toBe(`${r.key}-request.txt`);
    expect(file.contentType).toBe('text/plain; charset=utf-8');
    const form = completeForm(3);
    const lines = file.text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Request for data collection review form',
      '',
      'All questions are mandatory. You must receive review from a data steward peer on your responses to these questions before shipping new data collection.',
      '',
      `${r.key}: ${r.title}`,
      'Product: Firefox; bug 1907777',
    ]);
    expect(file.text).toContain(
      `1) What questions will you answer with this data?\n\n${form.questionsAnswered}\n\n2) Why does Mozilla need`,
    );
    expect(file.text).toContain(
      'cookies.breakage_site: Top-level domain of a page that broke. | Category 3, Stored content & communications | 1900001',
    );
    expect(file.text).toContain(`Expires: ${form.collectionPeriod?.expires}`);
    expect(file.text).toContain(`Details of the implementation\n\n${form.implementationDetails}\n`);
    // The API's text is core's rendering of the review's export, nothing more.
    const doc = await c.proposer.caller.export.json({ review: r.key });
    expect(file.text).toBe(renderRequestText(doc));
  });

  it("the steward's review as plain text: review.md question by question, the category and the result", async () => {
    const r = await reviewed(c, 2);
    const file = await c.outsider.caller.export.stewardReviewText({ review: r.key });
    expect(file.fileName).toBe(`${r.key}-data-review.txt`);
    expect(file.text.split('\n')[0]).toBe('Data Review Form (to be filled by Data Stewards)');
    expect(file.text).toContain('Reviewed by steward on ');
    expect(file.text).toContain(
      'what collection type of data do the requested measurements fall under?\n\nCategory 2, Interaction data.\n',
    );
    expect(file.text).toContain(
      'Is the data collection request for default-on or default-off?\n\nDefault-off.\n',
    );
    expect(file.text).toContain('Result: data-review+\n\nReviewed against the request form.\n');
    const doc = await c.outsider.caller.export.json({ review: r.key });
    expect(file.text).toBe(renderStewardReviewText(doc));
  });

  it('before any steward review there is nothing to attach; a private review does not exist for outsiders', async () => {
    const waiting = await submittedReview(c, 2);
    const none = await outcome(c.proposer.caller.export.stewardReviewText({ review: waiting.key }));
    expect(none).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No data steward has reviewed this request yet.',
    });
    const unknown = await outcome(c.proposer.caller.export.requestText({ review: waiting.key, revision: 5 }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: 'The review has no revision 5.' });

    const priv = await reviewed(c, 2, { private: true });
    expect((await outcome(c.outsider.caller.export.requestText({ review: priv.key }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await outcome(c.outsider.caller.export.stewardReviewText({ review: priv.key }))).code).toBe(
      'NOT_FOUND',
    );
    expect((await c.steward.caller.export.requestText({ review: priv.key })).text).toContain(priv.key);
  });
});
