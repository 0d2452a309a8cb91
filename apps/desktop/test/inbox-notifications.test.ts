// The desktop notifications for new inbox items: the renderer's diff (which items are new) and the main
// process's notifier, with Electron's Notification injected as a fake.
import { describe, expect, it, vi } from 'vitest';
import { createNotifier } from '../src/main/notifications.ts';
import type { InboxView } from '../src/renderer/api.ts';
import {
  inboxItems,
  MAX_NOTIFICATIONS,
  newInboxItems,
  notificationsFor,
} from '../src/renderer/inbox-items.ts';

const empty: InboxView = {
  signOffs: [],
  mitigations: [],
  escalations: [],
  stewardQueue: [],
  myReviews: [],
  now: [],
  coming: [],
  counts: { now: 0, coming: 0 },
  generatedAt: '2030-01-01T00:00:00.000Z',
};
const head = { reviewId: 42, key: 'DR-42', title: 'Search suggestions', productName: 'Firefox' };
const waiting = { waitingSince: '2030-01-01T00:00:00.000Z', overdue: false };
const signOff = (state: 'missing' | 'stale', revision = 1): InboxView['signOffs'][number] => ({
  ...head,
  ...waiting,
  area: 'privacy_technical',
  state,
  currentRevision: revision,
  signedRevision: state === 'stale' ? revision - 1 : null,
  waitsFor: [],
});

describe('new inbox items (renderer)', () => {
  it('announces nothing for the first inbox, then only what arrived since', () => {
    const first = newInboxItems(null, { ...empty, signOffs: [signOff('missing')] });
    expect(first.fresh).toEqual([]);
    const second = newInboxItems(first.known, {
      ...empty,
      signOffs: [signOff('missing')],
      escalations: [
        {
          ...head,
          ...waiting,
          escalationId: 7,
          areas: ['security'],
          level: 'product_owner',
          question: 'Is it enough?',
          awaiting: 'decision',
        },
      ],
    });
    expect(second.fresh).toEqual([
      {
        id: 'escalation:7:decision:product_owner',
        title: 'DR-42: escalation awaits your decision',
        body: 'Is it enough?',
        path: '/reviews/DR-42',
      },
    ]);
    // The same items again: nothing new.
    expect(newInboxItems(second.known, { ...empty, signOffs: [signOff('missing')] }).fresh).toEqual([]);
  });

  it('a stale sign-off on a new revision is a new item', () => {
    const before = newInboxItems(null, { ...empty, signOffs: [signOff('stale', 2)] });
    const after = newInboxItems(before.known, { ...empty, signOffs: [signOff('stale', 3)] });
    expect(after.fresh.map((i) => i.title)).toEqual([
      'DR-42: Privacy/Technical changed: re-confirm your sign-off',
    ]);
  });

  it('does not notify about my own reviews, and sums up many items in one notification', () => {
    expect(
      inboxItems({
        ...empty,
        myReviews: [
          {
            ...head,
            status: 'draft',
            category: null,
            updatedAt: waiting.waitingSince,
            canShip: false,
            channels: [],
          },
        ],
      }),
    ).toEqual([]);
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
