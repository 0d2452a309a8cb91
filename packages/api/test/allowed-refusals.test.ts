import { beforeAll, describe, expect, it } from 'vitest';
import { person } from '../../../test/callers.ts';
import { castPerFile } from '../../../test/cast-per-file.ts';
import { outcome } from '../../../test/errors.ts';
import { escalateSecurity, type Person, reviewed } from '../../../test/review-fixtures.ts';

/**
 * Issue 13: review.get's allowedActions answers for comments, discussions, escalation meetings and raising an
 * escalation too (the screens decided those themselves), and each command refuses with the very reason the
 * verdict gave.
 */
const { t, c } = castPerFile();
let cpo: Person;
let ceo: Person;
beforeAll(async () => {
  cpo = await person(t.db, 'cpo@example.com', { roles: ['cpo'] });
  ceo = await person(t.db, 'ceo@example.com', { roles: ['ceo'] });
});

interface Match {
  area?: string | null;
  discussionId?: number;
  escalationId?: number;
  meetingId?: number;
}
const verdict = async (who: Person, key: string, action: string, m: Match = {}) => {
  const v = (await who.caller.review.get({ review: key })).allowedActions.find(
    (x) =>
      x.action === action &&
      (m.area === undefined || (m.area === null ? x.area === undefined : x.area === m.area)) &&
      (m.discussionId === undefined || x.discussionId === m.discussionId) &&
      (m.escalationId === undefined || x.escalationId === m.escalationId) &&
      (m.meetingId === undefined || x.meetingId === m.meetingId),
  );
  if (!v) throw new Error(`no verdict on ${action} ${JSON.stringify(m)}`);
  return v;
};
/** The verdict refuses, and the command refuses with the same words. */
const refusedAlike = async (
  who: Person,
  key: string,
  action: string,
  m: Match,
  write: () => Promise<unknown>,
) => {
  const v = await verdict(who, key, action, m);
  expect(v.allowed).toBe(false);
  expect(v.reason).toBeTruthy();
  expect((await outcome(write())).message).toBe(v.reason);
};
const allowedAndDone = async (
  who: Person,
  key: string,
  action: string,
  m: Match,
  write: () => Promise<unknown>,
) => {
  expect((await verdict(who, key, action, m)).allowed).toBe(true);
  return write();
};

describe('area comments', () => {
  it('the area’s facilitator and the proposer may; anyone else is refused as the verdict says', async () => {
    const r = await reviewed(c, 3);
    const comment = (who: Person, area: 'data' | 'security') => () =>
      who.caller.signOff.comment({ review: r.key, area, body: 'A question.' });
    await allowedAndDone(
      c.facilitators.data,
      r.key,
      'comment_on_area',
      { area: 'data' },
      comment(c.facilitators.data, 'data'),
    );
    await allowedAndDone(
      c.proposer,
      r.key,
      'comment_on_area',
      { area: 'security' },
      comment(c.proposer, 'security'),
    );
    await refusedAlike(c.outsider, r.key, 'comment_on_area', { area: 'data' }, comment(c.outsider, 'data'));
    await refusedAlike(
      c.facilitators.data,
      r.key,
      'comment_on_area',
      { area: 'security' },
      comment(c.facilitators.data, 'security'),
    );
  });
  it('outside the sensitive review nobody comments on an area, and the command says why', async () => {
    const r = await reviewed(c, 1); // category 1: approved at once, no sensitive review
    await refusedAlike(c.facilitators.data, r.key, 'comment_on_area', { area: 'data' }, () =>
      c.facilitators.data.caller.signOff.comment({ review: r.key, area: 'data', body: 'x' }),
    );
    expect((await verdict(c.facilitators.data, r.key, 'comment_on_area', { area: 'data' })).reason).toBe(
      'Area comments belong to the sensitive review; this review is approved.',
    );
  });
});

describe('live discussions', () => {
  it('schedule, hold and cancel: the verdicts and the commands agree', async () => {
    const r = await reviewed(c, 3);
    const schedule = (who: Person, area: 'data' | 'security' | null) => () =>
      who.caller.discussion.schedule({
        review: r.key,
        area,
        scheduledAt: '2031-01-02T10:00:00Z',
        attendeeIds: [],
        agenda: 'The risk.',
      });
    await refusedAlike(
      c.facilitators.data,
      r.key,
      'schedule_discussion',
      { area: 'security' },
      schedule(c.facilitators.data, 'security'),
    );
    await refusedAlike(c.outsider, r.key, 'schedule_discussion', { area: null }, schedule(c.outsider, null));
    const d = (await allowedAndDone(
      c.proposer,
      r.key,
      'schedule_discussion',
      { area: 'security' },
      schedule(c.proposer, 'security'),
    )) as {
      id: number;
    };
    const whole = (await allowedAndDone(
      c.facilitators.data,
      r.key,
      'schedule_discussion',
      { area: null },
      schedule(c.facilitators.data, null),
    )) as { id: number };
    const hold = (who: Person, id: number) => () =>
      who.caller.discussion.hold({ review: r.key, discussionId: id, notes: 'Talked.', outcome: 'Fine.' });
    await refusedAlike(c.proposer, r.key, 'hold_discussion', { discussionId: d.id }, hold(c.proposer, d.id));
    await refusedAlike(c.facilitators.data, r.key, 'cancel_discussion', { discussionId: d.id }, () =>
      c.facilitators.data.caller.discussion.cancel({ review: r.key, discussionId: d.id }),
    );
    await allowedAndDone(
      c.facilitators.security,
      r.key,
      'hold_discussion',
      { discussionId: d.id },
      hold(c.facilitators.security, d.id),
    );
    await allowedAndDone(c.proposer, r.key, 'cancel_discussion', { discussionId: whole.id }, () =>
      c.proposer.caller.discussion.cancel({ review: r.key, discussionId: whole.id }),
    );
    // Held and cancelled discussions have no move left: no verdict about them.
    const view = await c.facilitators.security.caller.review.get({ review: r.key });
    expect(view.allowedActions.filter((v) => v.discussionId !== undefined)).toEqual([]);
  });
});

describe('an escalation’s meetings and its raising', () => {
  it('the escalating party or the facilitator arrange meetings; the facilitator or decision maker raises it, up to the CEO', async () => {
    const r = await reviewed(c, 3);
    const security = c.facilitators.security;
    const { e, target } = await escalateSecurity(c, r.key, 'Is the eTLD+1 enough?');
    const which = { escalationId: e.id };
    const schedule = (who: Person) => () =>
      who.caller.escalation.scheduleMeeting({
        ...target,
        scheduledAt: '2031-01-02T10:00:00Z',
        agenda: 'Papers.',
      });
    await refusedAlike(c.owner, r.key, 'schedule_escalation_meeting', which, schedule(c.owner));
    const m = (await allowedAndDone(
      c.proposer,
      r.key,
      'schedule_escalation_meeting',
      which,
      schedule(c.proposer),
    )) as {
      id: number;
    };
    const record = (who: Person) => () =>
      who.caller.escalation.recordMeeting({ ...target, meetingId: m.id, notes: 'Met.' });
    await refusedAlike(
      c.facilitators.data,
      r.key,
      'record_escalation_meeting',
      { meetingId: m.id },
      record(c.facilitators.data),
    );
    await allowedAndDone(security, r.key, 'record_escalation_meeting', { meetingId: m.id }, record(security));
    expect(
      (await c.proposer.caller.review.get({ review: r.key })).allowedActions.filter(
        (v) => v.meetingId === m.id,
      ),
    ).toEqual([]);

    const raise = (who: Person) => () => who.caller.escalation.raise(target);
    await refusedAlike(c.proposer, r.key, 'raise_escalation', which, raise(c.proposer));
    await allowedAndDone(security, r.key, 'raise_escalation', which, raise(security)); // to the CPO
    await allowedAndDone(cpo, r.key, 'raise_escalation', which, raise(cpo)); // to the CEO
    await refusedAlike(ceo, r.key, 'raise_escalation', which, raise(ceo));
    expect((await verdict(ceo, r.key, 'raise_escalation', which)).reason).toBe(
      'The escalation is already at the CEO; it cannot be raised further.',
    );
  });
});
