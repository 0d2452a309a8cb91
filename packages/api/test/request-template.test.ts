import { readStream } from '@signoff/db';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { completeForm, dataReview } from '../../../test/review-fixtures.ts';

const { t, c } = castPerFile();

const create = (form: Record<string, unknown>, title = 'Sidebar engagement') =>
  c.proposer.caller.review.create({
    productId: c.productId,
    title,
    channels: [{ channel: 'pre_release', defaultState: 'off' }],
    visibility: 'public',
    form,
  });

describe('request.md Q8 and Q12, asked as the template asks them (issue 14)', () => {
  it('a third-party path that is not one of the choices is refused naming the field, and nothing is saved', async () => {
    const r = await create(completeForm(2));
    const res = await outcome(
      c.proposer.caller.review.saveDocumentation({
        review: r.key,
        baseRevision: 1,
        form: { ...completeForm(2), thirdPartyDataPath: 'somewhere' } as never,
      }),
    );
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toContain('thirdPartyDataPath');
    expect((await c.proposer.caller.review.get({ review: r.key })).currentRevision).toBe(1);
  });

  it('a third-party tool names which one before submitting; each part of Q8 is asked by name', async () => {
    const tool = await create({ ...completeForm(2), thirdPartyDataPath: 'direct_to_third_party' });
    const res = await outcome(c.proposer.caller.review.submit({ review: tool.key }));
    expect(res.code).toBe('BAD_REQUEST');
    expect(res.message).toBe('The request form is incomplete: thirdPartyTools.');
    expect((await c.proposer.caller.review.get({ review: tool.key })).status).toBe('draft');

    const noLocales = await create({ ...completeForm(2), populationLocales: undefined });
    expect((await outcome(c.proposer.caller.review.submit({ review: noLocales.key }))).message).toBe(
      'The request form is incomplete: populationLocales.',
    );

    const complete = await create({
      ...completeForm(3),
      thirdPartyDataPath: 'mozilla_backend',
      thirdPartyTools: 'A survey tool, behind the Mozilla backend.',
    });
    await c.proposer.caller.review.submit({ review: complete.key });
    const view = await c.proposer.caller.review.get({ review: complete.key });
    expect(view.status).toBe('submitted');
    // The steward's Q9 follows the request's Q12: a named tool is a third-party tool, and goes to Trust and Legal.
    const base = dataReview('data-review+');
    const no = await outcome(
      c.steward.caller.steward.recordReview({ review: complete.key, dataReview: base }),
    );
    expect(no.code).toBe('PRECONDITION_FAILED');
    expect(no.message).toMatch(
      /^The request names a third-party tool \(question 12: Yes, on the Mozilla backend\.\)/,
    );
    const yes = await c.steward.caller.steward.recordReview({
      review: complete.key,
      dataReview: { ...base, answers: { ...base.answers, thirdPartyTool: { answer: 'yes' } } },
    });
    expect(yes.legalTrustReasons).toEqual(['third_party_tool']);
    expect(view.form).toMatchObject({
      populationChannels: 'Nightly and Beta.',
      populationCountries: 'All countries.',
      populationLocales: 'All locales.',
      populations: 'No other filters.',
      thirdPartyDataPath: 'mozilla_backend',
    });
    const mail = await c.proposer.caller.announcement.preview({ review: complete.key });
    expect(mail.text).toContain(
      'Populations measured\nChannels: Nightly and Beta.\nCountries: All countries.\nLocales: All locales.\nOther filters: No other filters.',
    );
    expect(mail.text).toContain(
      'Third-party tool\nYes, on the Mozilla backend.\nA survey tool, behind the Mozilla backend.',
    );
  });

  it('a review written before the parts were asked keeps what it said, where it said it, in every view', async () => {
    const { populationChannels, populationCountries, populationLocales, thirdPartyDataPath, ...rest } =
      completeForm(2);
    const old = await create(
      { ...rest, populations: 'Nightly and Beta users in all locales.', thirdPartyTools: 'No.' },
      'Written before Q8 was split',
    );
    const view = await c.proposer.caller.review.get({ review: old.key });
    expect(view.form).toMatchObject({
      populations: 'Nightly and Beta users in all locales.',
      thirdPartyTools: 'No.',
    });
    const md = (await c.proposer.caller.export.markdown({ review: old.key })).text;
    expect(md).toContain(
      '**Any other filters? Please describe in detail.**\n\n> Nightly and Beta users in all locales.',
    );
    expect(md).toContain('**Which third-party tool, and how is it used?**\n\n> No.');
    // Submitted again, it is asked only the parts it never answered.
    expect((await outcome(c.proposer.caller.review.submit({ review: old.key }))).message).toBe(
      'The request form is incomplete: populationChannels, populationCountries, populationLocales, thirdPartyDataPath.',
    );
  });
});

describe("review.md Q2's exception and Q5 are kept with the steward's review (issue 14)", () => {
  it('the review, its export and its audit event say the collection was judged needed for security, and its default state', async () => {
    const r = await create(completeForm(2), 'Security telemetry');
    await c.proposer.caller.review.submit({ review: r.key });
    const base = dataReview('data-review+');
    await c.steward.caller.steward.recordReview({
      review: r.key,
      dataReview: {
        ...base,
        answers: { ...base.answers, userControl: { answer: 'no', note: 'Detects attacks; no control.' } },
        neededForSecurity: true,
        defaultState: 'on',
      },
    });
    const view = await c.proposer.caller.review.get({ review: r.key });
    expect(view.stewardReviews[0]).toMatchObject({
      neededForSecurity: true,
      defaultState: 'on',
      answers: { userControl: { answer: 'no', note: 'Detects attacks; no control.' } },
    });
    const exported = await c.proposer.caller.export.json({ review: r.key });
    expect(exported.stewardReviews[0]).toMatchObject({ neededForSecurity: true, defaultState: 'on' });
    const events = await readStream(t.db, `review:${r.id}`);
    expect(events.find((e) => e.action === 'steward_review.recorded')?.after).toMatchObject({
      neededForSecurity: true,
      defaultState: 'on',
    });
  });
});
