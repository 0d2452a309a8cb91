// The desktop notifications for new inbox items: the renderer's diff (which steps of inbox.mine's `now` are
// new; `coming` never notifies) and the main process's notifier, with Electron's Notification injected as a fake.
import { describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../src/main/notifications.ts';
import type { InboxView } from '../src/renderer/api.ts';
import { MAX_NOTIFICATIONS, newInboxItems, notificationsFor } from '../src/renderer/inbox-items.ts';

const empty: InboxView = {
  myReviews: [],
  now: [],
  coming: [],
  counts: { now: 0, coming: 0 },
  generatedAt: '2030-01-01T00:00:00.000Z',
};
type Step = InboxView['now'][number];
const step = (over: Partial<Step> = {}): Step => ({
  reviewId: 42,
  key: 'DR-42',
  title: 'Search suggestions',
  productName: 'Firefox',
  step: 'record_sign_off',
  action: 'record_sign_off',
  area: 'privacy_technical',
  mitigationId: null,
  escalationId: null,
  label: 'Record the Privacy/Technical sign-off',
  waitsOn: [],
  waitingSince: '2030-01-01T00:00:00.000Z',
  overdue: false,
  requestedSteward: null,
  ...over,
});
const inbox = (now: Step[], coming: Step[] = []): InboxView => ({
  ...empty,
  now,
  coming,
  counts: { now: now.length, coming: coming.length },
});
const decide = step({
  step: 'decide_escalation',
  action: 'decide_escalation',
  area: null,
  escalationId: 7,
  label: 'Decide the escalation on Security',
});

describe('new inbox items (renderer)', () => {
  it("announces nothing for the first inbox, then a new step of now once, with the review's key, title and the step in words", () => {
    const first = newInboxItems(null, inbox([step()]));
    expect(first.fresh).toEqual([]);
    const second = newInboxItems(first.known, inbox([step(), decide]));
    expect(second.fresh).toEqual([
      {
        id: expect.any(String),
        title: 'DR-42 Search suggestions',
        body: 'Decide the escalation on Security',
        path: '/reviews/DR-42',
      },
    ]);
    // The same steps again, even with the review touched meanwhile: nothing new.
    const third = newInboxItems(second.known, inbox([step({ overdue: true }), decide]));
    expect(third.fresh).toEqual([]);
  });

  it('never announces what is coming to me; it is announced when it moves to now', () => {
    const legal = step({
      area: 'legal_trust',
      label: 'Record the Legal/Trust sign-off',
      waitsOn: ['the Privacy/Technical sign-off'],
    });
    const first = newInboxItems(null, inbox([]));
    const coming = newInboxItems(first.known, inbox([], [legal]));
    expect(coming.fresh).toEqual([]);
    const ready = newInboxItems(coming.known, inbox([{ ...legal, waitsOn: [] }]));
    expect(ready.fresh.map((i) => [i.title, i.body])).toEqual([
      ['DR-42 Search suggestions', 'Record the Legal/Trust sign-off'],
    ]);
  });

  it('a re-confirmation asked again on a newer revision is a new item', () => {
    const reconfirm = (at: string) =>
      step({
        step: 'reconfirm_sign_off',
        action: 'reconfirm_sign_off',
        label: 'Re-confirm the Privacy/Technical sign-off on the new revision',
        waitingSince: at,
      });
    const before = newInboxItems(null, inbox([reconfirm('2030-01-02T00:00:00.000Z')]));
    const same = newInboxItems(before.known, inbox([reconfirm('2030-01-02T00:00:00.000Z')]));
    expect(same.fresh).toEqual([]);
    const after = newInboxItems(same.known, inbox([reconfirm('2030-01-03T00:00:00.000Z')]));
    expect(after.fresh.map((i) => i.body)).toEqual([
      'Re-confirm the Privacy/Technical sign-off on the new revision',
    ]);
  });

  it('sums up many new items in one notification', () => {
    const many = Array.from({ length: MAX_NOTIFICATIONS + 2 }, (_, i) => ({
      id: `x${i}`,
      title: `t${i}`,
      body: 'b',
      path: '/',
    }));
    expect(notificationsFor(many)).toEqual([
      expect.objectContaining({ title: `${many.length} new items wait for you`, path: '/' }),
    ]);
    expect(notificationsFor(many.slice(0, 2))).toHaveLength(2);
  });
});

describe('native notifications (main)', () => {
  function fakeNotification(supported = true) {
    const shown: { options: { title: string; body: string }; click: () => void }[] = [];
    class FakeNotification {
      static isSupported = () => supported;
      private listeners = new Map<string, () => void>();
      constructor(readonly options: { title: string; body: string }) {}
      on(event: string, l: () => void) {
        this.listeners.set(event, l);
        return this;
      }
      show() {
        shown.push({ options: this.options, click: () => this.listeners.get('click')?.() });
      }
    }
    return { Notification: FakeNotification as never, shown };
  }

  it('shows the notification and opens its review when clicked', () => {
    const fake = fakeNotification();
    const open = vi.fn();
    const notify = createNotifier({ Notification: fake.Notification, open });
    expect(notify({ title: 'DR-42: waits for your sign-off', body: 'Search', path: '/reviews/DR-42' })).toBe(
      true,
    );
    expect(fake.shown.map((s) => s.options)).toEqual([
      expect.objectContaining({ title: 'DR-42: waits for your sign-off', body: 'Search' }),
    ]);
    fake.shown[0]?.click();
    expect(open).toHaveBeenCalledWith('/reviews/DR-42');
  });

  it('never opens anything but an app path, and repeats nothing within a minute', () => {
    const fake = fakeNotification();
    const open = vi.fn();
    let now = 0;
    const notify = createNotifier({ Notification: fake.Notification, open, now: () => now });
    notify({ title: 'a', body: 'b', path: 'https://evil.example.com/' });
    fake.shown[0]?.click();
    expect(open).not.toHaveBeenCalled();
    expect(notify({ title: 'a', body: 'b' })).toBe(false);
    now = 61_000;
    expect(notify({ title: 'a', body: 'b' })).toBe(true);
    expect(fake.shown).toHaveLength(2);
  });

  it('stays quiet where the OS has no notifications', () => {
    const fake = fakeNotification(false);
    expect(
      createNotifier({ Notification: fake.Notification, open: vi.fn() })({ title: 'a', body: 'b' }),
    ).toBe(false);
    expect(fake.shown).toEqual([]);
  });
});
