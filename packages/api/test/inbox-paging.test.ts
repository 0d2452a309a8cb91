import { resolvePrincipal } from '@signoff/api';
import { describe, expect, it } from 'vitest';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { type Person, reviewed } from '../../../test/review-fixtures.ts';
import { requireActor } from '../src/review-access.ts';
import { inboxOf } from '../src/routers/inbox.ts';

/**
 * The desktop inbox lists at most a page of reviews with a step now (and a page with a step coming). The page
 * is cut in SQL over core's stored steps, so reviews where nothing waits for me must not fill it.
 */
const { t, c } = castPerFile();

const actorOf = async (who: Person) =>
  requireActor(await resolvePrincipal(t.db, `Bearer ${who.token}`, new Date()));
const onePage = async (who: Person) => inboxOf(t.db, await actorOf(who), new Date(), 7, 1);

describe('inbox pages', () => {
  it('a review my area already approved does not hide a later one that waits for me', async () => {
    const older = await reviewed(c, 3);
    await c.facilitators.privacy_technical.caller.signOff.record({
      review: older.key,
      area: 'privacy_technical',
      risk: 'low',
      decision: 'approved',
      rationale: 'Low risk.',
    });
    const later = await reviewed(c, 3);
    const inbox = await onePage(c.facilitators.privacy_technical);
    expect(inbox.now.map((s) => [s.key, s.step, s.area])).toEqual([
      [later.key, 'record_sign_off', 'privacy_technical'],
    ]);
  });

  it('an escalation I already wrote my paper for does not hide a later one that waits for my paper', async () => {
    const escalated = async () => {
      const r = await reviewed(c, 3);
      await c.facilitators.privacy_technical.caller.signOff.record({
        review: r.key,
        area: 'privacy_technical',
        risk: 'high',
        decision: 'rejected',
        rationale: 'Too revealing.',
      });
      const e = await c.proposer.caller.escalation.open({
        review: r.key,
        facilitatorId: c.facilitators.privacy_technical.id,
        areas: ['privacy_technical'],
        question: 'Is it acceptable with a threshold?',
      });
      return { r, e };
    };
    const older = await escalated();
    await c.proposer.caller.escalation.writePaper({
      review: older.r.key,
      escalationId: older.e.id,
      body: 'Ship with a threshold.',
    });
    const later = await escalated();
    const inbox = await onePage(c.proposer);
    expect(inbox.now.filter((s) => s.escalationId !== null).map((s) => [s.escalationId, s.step])).toEqual([
      [later.e.id, 'write_position_paper'],
    ]);
  });
});
