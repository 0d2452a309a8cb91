import { describe, expect, it } from 'vitest';
import {
  composeNotification,
  isEssentialNotification,
  NOTIFICATION_KIND_KEYS,
  NOTIFICATION_KINDS,
  notificationKindOf,
  wantsNotification,
} from '../src/index.ts';

describe('notification preferences per kind of mail', () => {
  it('each optional notification is its own kind; reminders of one’s own pending work have none (always sent)', () => {
    expect(notificationKindOf({ kind: 'area_decision' })).toBe('area_decision');
    expect(notificationKindOf({ kind: 'steward_requested' })).toBe('steward_requested');
    expect(notificationKindOf({ kind: 'sign_off_reminder' })).toBeNull();
    expect(notificationKindOf({ kind: 'steward_review_reminder' })).toBeNull();
    expect(isEssentialNotification({ kind: 'sign_off_reminder', area: 'data', days: 7 })).toBe(true);
    expect(isEssentialNotification({ kind: 'sensitive_review_started' })).toBe(false);
  });

  it('every kind has its words', () => {
    for (const k of NOTIFICATION_KIND_KEYS) expect(NOTIFICATION_KINDS[k].length).toBeGreaterThan(10);
    expect(NOTIFICATION_KIND_KEYS).toContain('code_review');
  });

  it('a muted kind is not wanted; another kind is; essential mail is wanted whatever is muted', () => {
    expect(wantsNotification(['area_decision'], 'area_decision')).toBe(false);
    expect(wantsNotification(['area_decision'], 'escalation_step')).toBe(true);
    expect(wantsNotification([], 'area_decision')).toBe(true);
    expect(wantsNotification(NOTIFICATION_KIND_KEYS, null)).toBe(true);
  });

  it('the mail says whether its kind can be turned off', () => {
    const review = { key: 'DR-1', title: 'T', link: 'http://x/reviews/DR-1' };
    expect(composeNotification(review, { kind: 'sensitive_review_started' }).text).toContain(
      'You can turn this kind of mail off in your notification preferences.',
    );
    expect(composeNotification(review, { kind: 'sign_off_reminder', area: 'data', days: 7 }).text).toContain(
      'This mail is always sent: it is about work waiting for you.',
    );
  });
});
