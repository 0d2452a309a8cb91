import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { type Cast, completeForm, dataReview, reviewed } from '../../../test/review-fixtures.ts';

const { c } = castPerFile();

const verdict = async (who: Cast['proposer'], key: string, action: string, area?: string) =>
  (await who.caller.review.get({ review: key })).allowedActions.find(
    (v) => v.action === action && (area === undefined || v.area === area),
  );

describe('review.get: what the signed-in person may do now, and why not', () => {
  it('legal_trust is told in words it waits for Privacy/Technical and Data, and the write refuses the same way', async () => {
    const r = await reviewed(c, 3);
    const legal = c.facilitators.legal_trust;
    const v = await verdict(legal, r.key, 'record_sign_off', 'legal_trust');
    expect(v).toMatchObject({
      allowed: false,
      reason: expect.stringContaining(
        'until Privacy/Technical Review (Office of the Firefox CTO) and Data Review (Data) have approved',
      ),
    });
    const refused = await outcome(
      legal.caller.signOff.record({
        review: r.key,
        area: 'legal_trust',
        risk: 'low',
        decision: 'approved',
        rationale: 'ok',
      }),
    );
    expect(refused.message).toBe(v?.reason);
    expect((await verdict(c.facilitators.data, r.key, 'record_sign_off', 'data'))?.allowed).toBe(true);
    const steps = (await legal.caller.review.get({ review: r.key })).openSteps;
    expect(steps.find((s) => s.action === 'record_sign_off' && s.area === 'legal_trust')).toMatchObject({
      ready: false,
      owner: { role: 'facilitator', personIds: [legal.id] },
    });
  });
});

describe('an engineering owner who also facilitates an area', () => {
  it('is offered no sign-off core refuses: not in review.get, not in the inbox', async () => {
    const eo = c.facilitators.data;
    const created = await c.proposer.caller.review.create({
      productId: c.productId,
      title: 'Engineering owner facilitates data',
      channels: [{ channel: 'release', defaultState: 'off' }],
      engineeringOwnerId: eo.id,
      form: completeForm(3),
      visibility: 'public',
    });
    await c.proposer.caller.review.submit({ review: created.key });
    await c.steward.caller.steward.recordReview({
      review: created.key,
      dataReview: dataReview('data-review+'),
    });
    const v = await verdict(eo, created.key, 'record_sign_off', 'data');
    expect(v).toMatchObject({ allowed: false, reason: expect.stringContaining("proposer's side") });
    const inbox = await eo.caller.inbox.mine();
    expect(
      [...inbox.now, ...inbox.coming].filter((s) => s.key === created.key && s.step === 'record_sign_off'),
    ).toEqual([]);
  });
});
