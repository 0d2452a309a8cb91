// Issue 13: the two rules that lived only in SQL (migrations/0010's approved-areas triggers, review_facts'
// announcement state), now pure functions here, one rule at a time.
import { describe, expect, it } from 'vitest';
import {
  type AnnouncementRecord,
  announcementDelivery,
  announcementState,
  areasApproved,
  assertMayMakeAnnouncement,
  MAIL_STATES,
} from '../src/index.ts';
import { approvedSignOff, domainError } from './fixtures.ts';

describe('approved areas (reviews.approved_areas)', () => {
  it('a new sign-off that approves the current revision adds its area', () => {
    expect(areasApproved([], 1)).toEqual([]);
    expect(areasApproved([approvedSignOff('data', 1)], 1)).toEqual(['data']);
  });

  it('an area counts its latest sign-off only: changes requested after an approval removes it', () => {
    const signOffs = [
      approvedSignOff('data', 1),
      approvedSignOff('data', 1, { decision: 'changes_requested' }),
    ];
    expect(areasApproved(signOffs, 1)).toEqual([]);
    expect(areasApproved([...signOffs, approvedSignOff('data', 1)], 1)).toEqual(['data']);
  });

  it('a rejection or a request for changes never approves', () => {
    expect(areasApproved([approvedSignOff('security', 2, { decision: 'rejected' })], 2)).toEqual([]);
    expect(areasApproved([approvedSignOff('security', 2, { decision: 'changes_requested' })], 2)).toEqual([]);
  });

  it('a new documentation revision makes every earlier sign-off stale: nothing approves it yet', () => {
    const signOffs = [approvedSignOff('privacy_technical', 1), approvedSignOff('data', 1)];
    expect(areasApproved(signOffs, 1)).toEqual(['privacy_technical', 'data']);
    expect(areasApproved(signOffs, 2)).toEqual([]);
  });

  it('a reconfirmation on the new revision approves the area again', () => {
    const signOffs = [approvedSignOff('privacy_technical', 1), approvedSignOff('privacy_technical', 2)];
    expect(areasApproved(signOffs, 2)).toEqual(['privacy_technical']);
  });

  it('lists the areas in their policy order whatever the order of the sign-offs', () => {
    const signOffs = [
      approvedSignOff('security', 3),
      approvedSignOff('legal_trust', 3),
      approvedSignOff('data', 3),
      approvedSignOff('privacy_technical', 3),
    ];
    expect(areasApproved(signOffs, 3)).toEqual(['privacy_technical', 'data', 'legal_trust', 'security']);
  });
});

const outbox = (mailState: AnnouncementRecord['mailState']): AnnouncementRecord => ({
  method: 'outbox',
  mailState,
});
const manual: AnnouncementRecord = { method: 'manual', mailState: null };

describe('announcement delivery (one announcement)', () => {
  it('a mail not yet handed to the server is queued', () => {
    expect(announcementDelivery('queued')).toBe('queued');
    expect(announcementDelivery('sending')).toBe('queued');
  });
  it('a mail the server refused, retried or given up, is failing', () => {
    expect(announcementDelivery('retrying')).toBe('failing');
    expect(announcementDelivery('failed')).toBe('failing');
  });
  it('a delivered mail is sent; one recorded by hand has no mail', () => {
    expect(announcementDelivery('sent')).toBe('sent');
    expect(announcementDelivery(null)).toBeNull();
  });
  it('knows every mail state', () => {
    expect(MAIL_STATES.map(announcementDelivery)).toEqual(['queued', 'queued', 'failing', 'sent', 'failing']);
  });
});

describe('announcement state (the review)', () => {
  it('no announcement: none', () => {
    expect(announcementState([])).toBe('none');
  });
  it('one recorded by hand counts first, whatever the mails', () => {
    expect(announcementState([outbox('failed'), manual])).toBe('recorded');
    expect(announcementState([manual, outbox('sent')])).toBe('recorded');
  });
  it('then a delivered mail', () => {
    expect(announcementState([outbox('failed'), outbox('sent')])).toBe('sent');
  });
  it('then a mail failing while retried', () => {
    expect(announcementState([outbox('queued'), outbox('retrying')])).toBe('failing');
  });
  it('then one still queued (a mail gone from the outbox counts as queued)', () => {
    expect(announcementState([outbox('sending')])).toBe('queued');
    expect(announcementState([outbox(null)])).toBe('queued');
  });
});

describe('a review is announced once (SPEC 8)', () => {
  it('the first announcement, sent or recorded, is allowed', () => {
    expect(() => assertMayMakeAnnouncement({ method: 'outbox', state: 'none' })).not.toThrow();
    expect(() =>
      assertMayMakeAnnouncement({ method: 'manual', state: 'none', archiveLink: 'https://example.com/a' }),
    ).not.toThrow();
  });

  it('while the mail is queued or failing, one sent by hand may be recorded instead', () => {
    for (const state of ['queued', 'failing'] as const)
      expect(() =>
        assertMayMakeAnnouncement({ method: 'manual', state, archiveLink: 'https://example.com/a' }),
      ).not.toThrow();
  });

  it('once delivered or recorded, neither is made again, and the refusal names the rule', () => {
    for (const state of ['sent', 'recorded'] as const)
      for (const method of ['outbox', 'manual'] as const) {
        const e = domainError(() =>
          assertMayMakeAnnouncement({ method, state, archiveLink: 'https://example.com/a' }),
        );
        expect(e.code).toBe('RULE_VIOLATION');
        expect(e.message).toMatch(/already announced.*A review is announced once\./);
        expect(e.details).toMatchObject({ rule: 'announced_once', current: state });
      }
  });

  it('one recorded by hand needs its archive link (the constraint of migrations/0002)', () => {
    const e = domainError(() =>
      assertMayMakeAnnouncement({ method: 'manual', state: 'none', archiveLink: ' ' }),
    );
    expect(e.code).toBe('VALIDATION');
    expect(e.details).toEqual({ field: 'archiveLink' });
  });
});
