import { describe, expect, it } from 'vitest';
import { composeAnnouncement, composeNotification } from '../src/announcement-mail.ts';

const review = {
  key: 'DR-42',
  title: 'Cookie breakage\r\nBcc: evil@example.com',
  productName: 'Firefox',
  category: 3 as const,
  channels: [
    { channel: 'release' as const, defaultState: 'off' as const },
    { channel: 'pre_release' as const, defaultState: 'on' as const },
  ],
  runsInExperiments: true,
  form: {
    questionsAnswered: 'Which sites break?',
    measurements: [{ name: 'breakage.site', description: 'eTLD+1', category: 3 as const }],
    implementationDetails: 'Only the eTLD+1.',
    valueToUsers: 'Fewer broken sites.',
  },
  link: 'http://127.0.0.1:3000/reviews/DR-42',
};

describe('the announcement', () => {
  it('goes to the list, names key, title and category, and summarises the documentation', () => {
    const m = composeAnnouncement(review, 'data-review@mozilla.com');
    expect(m.to).toEqual(['data-review@mozilla.com']);
    expect(m.subject).toBe('[data-review] DR-42: Cookie breakage Bcc: evil@example.com (category 3)');
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.text).toContain('Category 3: ');
    expect(m.text).toContain('release (default off), pre-release (default on); also in experiments');
    expect(m.text).toContain('- breakage.site (category 3): eTLD+1');
    expect(m.text).toContain('Value to users\nFewer broken sites.');
    expect(m.text).toContain(review.link);
    expect(m.text).not.toContain('Intended use');
  });
});

describe('the announcement: question 8 and 12', () => {
  it('names the channels, countries, locales and other filters apart, and the third-party tool and its path', () => {
    const m = composeAnnouncement(
      {
        ...review,
        form: {
          ...review.form,
          populationChannels: 'Nightly and Beta.',
          populationCountries: 'Germany and France.',
          populationLocales: 'de, fr.',
          populations: 'Only users who opened the sidebar.',
          thirdPartyDataPath: 'direct_to_third_party',
          thirdPartyTools: 'A survey tool, loaded in a panel.',
        },
      },
      'data-review@mozilla.com',
    );
    expect(m.text).toContain(
      'Populations measured\nChannels: Nightly and Beta.\nCountries: Germany and France.\nLocales: de, fr.\nOther filters: Only users who opened the sidebar.\n',
    );
    expect(m.text).toContain(
      'Third-party tool\nYes, going directly to the third party.\nA survey tool, loaded in a panel.\n',
    );
  });

  it('a form written before the parts were asked shows its one answer, as written', () => {
    const m = composeAnnouncement(
      { ...review, form: { ...review.form, populations: 'All release users.', thirdPartyTools: 'No.' } },
      'data-review@mozilla.com',
    );
    expect(m.text).toContain('Populations measured\nAll release users.\n');
    expect(m.text).toContain('Third-party tool\nNo.\n');
  });
});

describe('notifications', () => {
  it('say what happened and link the review', () => {
    const n = composeNotification(review, { kind: 'sign_off_stale', area: 'security', revision: 4 });
    expect(n.text).toContain('revision 4');
    expect(n.text).toContain(review.link);
    expect(n.subject).toMatch(/^\[sign-off\] DR-42/);
    expect(n.subject).not.toMatch(/[\r\n]/);
  });
});

describe('renewal notification', () => {
  it('tells the stewards which review, which renewal and until when', () => {
    const n = composeNotification(
      { key: 'DR-7', title: 'Cookie\nbreakage', link: 'https://signoff.example/reviews/DR-7' },
      { kind: 'renewal_requested', renewalId: 3, newExpires: '2027-06-30' },
    );
    expect(n.subject).toBe(
      '[sign-off] DR-7 Cookie breakage: has a renewal request: collect until 2027-06-30.',
    );
    expect(n.text).toContain('A data steward reviews it');
    expect(n.text).toContain('https://signoff.example/reviews/DR-7');
  });
});

describe('every notification subject', () => {
  const r = { key: 'DR-9', title: 'Telemetry probe', link: 'https://signoff.example/reviews/DR-9' };
  const events: Parameters<typeof composeNotification>[1][] = [
    { kind: 'sensitive_review_started' },
    { kind: 'sign_off_stale', area: 'data', revision: 2 },
    { kind: 'mitigation_awaits_acceptance', area: 'data', mitigationId: 8 },
    { kind: 'area_decision', area: 'security', decision: 'changes_requested' },
    { kind: 'mitigation_requested', area: 'legal_trust', mitigationId: 3 },
    { kind: 'escalation_step', escalationId: 4, step: 'opened' },
    { kind: 'sign_off_reminder', area: 'privacy_technical', days: 7 },
    { kind: 'renewal_requested', renewalId: 1, newExpires: '2027-01-01' },
    { kind: 'legal_trust_question', reasons: ['New identifiers'] },
    { kind: 'sensitive_review_started', waitsFor: ['privacy_technical', 'data'] },
    { kind: 'sign_off_turn', area: 'security', reconfirm: false },
    { kind: 'sign_off_turn', area: 'legal_trust', reconfirm: true },
  ];
  it.each(events)('names the review and keeps the sentence whole ($kind)', (event) => {
    const n = composeNotification(r, event);
    const first = n.text.split('\n')[0]!;
    expect(n.subject).toContain('DR-9 Telemetry probe');
    // The first line of the mail, whole (or after the review's name when it begins with it).
    const about = 'DR-9 Telemetry probe ';
    expect(n.subject).toContain(first.startsWith(about) ? first.slice(about.length) : first);
    expect(first).toContain('DR-9 Telemetry probe');
    expect(n.subject).not.toMatch(/ of (changed|\()/);
  });
});

describe('whose turn it is', () => {
  const r = { key: 'DR-9', title: 'Telemetry probe', link: 'https://signoff.example/reviews/DR-9' };
  it('an area whose sign-off comes later is told so when the sensitive review starts', () => {
    const now = composeNotification(r, { kind: 'sensitive_review_started' });
    const later = composeNotification(r, {
      kind: 'sensitive_review_started',
      waitsFor: ['privacy_technical', 'data'],
    });
    expect(now.text).toContain('Your area is asked for its risk judgement and sign-off.');
    expect(later.text).toContain(
      "Your area's sign-off comes after the Privacy/Technical Review (Office of the Firefox CTO) and Data Review (Data) sign-offs",
    );
    expect(later.text).not.toContain('Your area is asked');
  });
  it('its turn: record, or re-confirm on the current revision', () => {
    const record = composeNotification(r, { kind: 'sign_off_turn', area: 'security', reconfirm: false });
    expect(record.subject).toBe(
      '[sign-off] DR-9 Telemetry probe: now waits for the Security Review (Office of the CSO) sign-off: the sign-offs it waited for approved its current revision.',
    );
    expect(record.text).toContain("Record your area's risk judgement and sign-off.");
    const again = composeNotification(r, { kind: 'sign_off_turn', area: 'security', reconfirm: true });
    expect(again.text).toContain("Re-confirm your area's sign-off on the current revision");
  });
});
