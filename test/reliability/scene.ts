// A review with one of everything (mitigations in each state, a discussion, an escalation, a reviewer), and
// a valid input for every tRPC procedure against it: the authorisation matrix and the fuzzer start here.
import type { Db } from '@signoff/db';
import { person, systemCaller } from '../callers.ts';
import { gateToken } from '../gate-fixtures.ts';
import { type Cast, completeForm, dataReview, reviewed } from '../review-fixtures.ts';

export const RELATIONS = [
  'proposer',
  'facilitatorOfThisArea',
  'facilitatorOfOtherArea',
  'reviewer',
  'steward',
  'decisionMaker',
  'outsider',
  'admin',
  'gateToken',
  'signedOut',
] as const;
export type Relation = (typeof RELATIONS)[number];

export interface People {
  cast: Cast;
  reviewer: Awaited<ReturnType<typeof person>>;
  gate: string;
}

export async function people(db: Db, c: Cast): Promise<People> {
  const reviewer = await person(db, 'reviewer@example.com');
  return { cast: c, reviewer, gate: await gateToken(db, c.admin.email) };
}

export const tokenOf = (p: People, r: Relation): string | null =>
  ({
    proposer: p.cast.proposer.token,
    facilitatorOfThisArea: p.cast.facilitators.privacy_technical.token,
    facilitatorOfOtherArea: p.cast.facilitators.security.token,
    reviewer: p.reviewer.token,
    steward: p.cast.steward.token,
    decisionMaker: p.cast.owner.token,
    outsider: p.cast.outsider.token,
    admin: p.cast.admin.token,
    gateToken: p.gate,
    signedOut: null,
  })[r];

export interface Scene {
  key: string;
  id: number;
  submittedKey: string;
  mitigation: { requested: number; proposed: number; implemented: number; rejected: number };
  shippedKey: string;
  renewalId: number;
  discussionId: number;
  escalationId: number;
  mailId: number;
  /** A code revision tagged needs-data-classification: the proposer is its author, the reviewer its reviewer. */
  codeRevision: { system: string; repository: string; revision: string };
}

/** Everything on one public category-3 review in sensitive review; the reviewer is in privacy_technical. */
export async function scene(db: Db, p: People, opts: { private?: boolean } = {}): Promise<Scene> {
  const c = p.cast;
  const r = await reviewed(c, 3, { private: opts.private ?? false, bug: '1900555' });
  const fac = c.facilitators.privacy_technical.caller;
  await fac.signOff.addReviewer({ review: r.key, area: 'privacy_technical', email: p.reviewer.email });
  const requested = await fac.mitigation.request({
    review: r.key,
    area: 'privacy_technical',
    kind: 'ux_notice',
    description: 'Tell users.',
  });
  const proposed = await c.proposer.caller.mitigation.propose({
    review: r.key,
    area: 'privacy_technical',
    kind: 'technical_control',
    description: 'Hash the domain.',
  });
  const implemented = await c.proposer.caller.mitigation.propose({
    review: r.key,
    area: 'privacy_technical',
    kind: 'technical_control',
    description: 'Drop the path.',
  });
  await c.proposer.caller.mitigation.implement({ review: r.key, mitigationId: implemented.id, revision: 1 });
  const d = await c.proposer.caller.discussion.schedule({
    review: r.key,
    area: 'privacy_technical',
    scheduledAt: '2030-12-03T15:00:00Z',
    attendeeIds: [c.facilitators.privacy_technical.id],
    agenda: 'Risk of domain collection.',
  });
  const e = await c.proposer.caller.escalation.open({
    review: r.key,
    facilitatorId: c.facilitators.privacy_technical.id,
    areas: ['privacy_technical'],
    question: 'Is this acceptable?',
  });
  const submitted = await c.proposer.caller.review.create({
    productId: c.productId,
    title: 'Submitted, waiting for a steward',
    channels: [{ channel: 'release', defaultState: 'off' }],
    visibility: 'public',
    form: completeForm(2),
  });
  await c.proposer.caller.review.submit({ review: submitted.key });
  // A stale sign-off (to re-confirm), a rejected mitigation (to revise).
  await fac.signOff.record({
    review: r.key,
    area: 'privacy_technical',
    risk: 'low',
    decision: 'approved',
    rationale: 'ok',
  });
  await c.proposer.caller.review.saveDocumentation({
    review: r.key,
    baseRevision: 1,
    form: { ...completeForm(3), questionsAnswered: 'First revision of the answer.' },
  });
  await c.proposer.caller.review.saveDocumentation({
    review: r.key,
    baseRevision: 2,
    form: { ...completeForm(3), questionsAnswered: 'Revised answer.' },
  });
  const rejected = await c.proposer.caller.mitigation.propose({
    review: r.key,
    area: 'privacy_technical',
    kind: 'other',
    description: 'Weak control.',
  });
  await c.proposer.caller.mitigation.implement({ review: r.key, mitigationId: rejected.id, revision: 1 });
  await fac.mitigation.reject({ review: r.key, mitigationId: rejected.id, note: 'Not enough.' });
  // A shipped collection with a renewal waiting for a steward.
  const shipped = await reviewed(c, 2);
  await c.proposer.caller.review.markShipped({ review: shipped.key });
  const renewal = await c.proposer.caller.renewal.request({
    review: shipped.key,
    newExpires: 'Firefox 200',
    reason: 'Still needed.',
  });
  const codeRevision = { system: 'phabricator', repository: 'mozilla-central', revision: `D${r.id}` };
  await systemCaller(db).classification.intake({
    ...codeRevision,
    title: 'A probe without Glean',
    author: c.proposer.email,
    reviewers: [p.reviewer.email],
    needsClassification: true,
  });
  const mail = await db.selectFrom('outbox').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return {
    codeRevision,
    key: r.key,
    id: r.id,
    submittedKey: submitted.key,
    mitigation: {
      requested: requested.id,
      proposed: proposed.id,
      implemented: implemented.id,
      rejected: rejected.id,
    },
    shippedKey: shipped.key,
    renewalId: renewal.id,
    discussionId: d.id,
    escalationId: e.id,
    mailId: mail.id,
  };
}

let unique = 0;
const u = () => `${Date.now().toString(36)}${(unique++).toString(36)}`;

/** A valid input for every procedure (`undefined`: it takes none). A procedure missing here fails the tests. */
export function inputs(s: Scene, p: People): Record<string, () => unknown> {
  const c = p.cast;
  const review = s.key;
  const m = s.mitigation;
  return {
    'health.ping': () => undefined,
    'auth.signIn': () => ({ email: c.outsider.email, password: c.outsider.password }),
    'auth.signOut': () => undefined,
    'auth.setNotifications': () => ({ enabled: true }),
    'auth.setNotificationKinds': () => ({ kinds: { area_decision: true } }),
    'auth.preferences': () => undefined,
    'auth.me': () => undefined,
    'sso.methods': () => undefined,
    'sso.exchange': () => ({ code: 'c'.repeat(43), verifier: 'v'.repeat(43) }),
    // A wrong current password: gets past authorisation, changes nothing.
    'auth.changePassword': () => ({
      currentPassword: 'not-the-current-one',
      newPassword: 'a fresh long passphrase',
    }),
    'admin.createUser': () => ({
      email: `new-${u()}@example.com`,
      displayName: 'New',
      password: 'long-enough-pw',
    }),
    'admin.setRoles': () => ({ email: c.outsider.email, roles: [], areas: [] }),
    'admin.resetPassword': () => ({ email: 'nobody-to-reset@example.com' }),
    'admin.listPeople': () => undefined,
    'admin.createToken': () => ({ email: c.outsider.email, scopes: ['gate:read'] }),
    'admin.revokeToken': () => ({ id: 999_999 }),
    'admin.createProduct': () => ({ name: `Product ${u()}`, ownerEmail: c.owner.email }),
    'admin.listProducts': () => undefined,
    'review.create': () => ({
      productId: c.productId,
      title: `New ${u()}`,
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
    }),
    'review.products': () => undefined,
    'review.get': () => ({ review }),
    'review.list': () => ({ q: 'Cookie' }),
    'review.search': () => ({ q: 'cookie', sort: 'relevance' }),
    'review.flow': () => undefined,
    'review.saveDocumentation': () => ({
      review,
      baseRevision: 3,
      form: { questionsAnswered: `changed ${u()}` },
    }),
    'review.revision': () => ({ review, number: 1 }),
    'review.diff': () => ({ review, from: 1, to: 1 }),
    'review.submit': () => ({ review }),
    'review.resubmit': () => ({ review }),
    'review.withdraw': () => ({ review }),
    'review.markShipped': () => ({ review }),
    'steward.list': () => undefined,
    'steward.recordReview': () => ({ review: s.submittedKey, dataReview: dataReview('data-review+') }),
    'steward.recategorise': () => ({ review, category: 3, reason: 'The highest measurement is category 3.' }),
    'steward.answerLegalTrust': () => ({ review, answer: 'Covered by the privacy notice.' }),
    'signOff.record': () => ({
      review,
      area: 'privacy_technical',
      risk: 'low',
      decision: 'approved',
      rationale: 'Low risk.',
    }),
    'signOff.reconfirm': () => ({ review, area: 'privacy_technical' }),
    'signOff.addReviewer': () => ({ review, area: 'privacy_technical', email: c.outsider.email }),
    'signOff.comment': () => ({ review, area: 'privacy_technical', body: 'A comment.' }),
    'mitigation.request': () => ({
      review,
      area: 'privacy_technical',
      kind: 'other',
      description: 'Do this.',
    }),
    'mitigation.propose': () => ({
      review,
      area: 'privacy_technical',
      kind: 'other',
      description: 'I do this.',
    }),
    'mitigation.proposeRequested': () => ({ review, mitigationId: m.requested, description: 'Answer.' }),
    'mitigation.implement': () => ({ review, mitigationId: m.proposed, revision: 1 }),
    'mitigation.accept': () => ({ review, mitigationId: m.implemented, note: 'Good.' }),
    'mitigation.reject': () => ({ review, mitigationId: m.implemented, note: 'Not enough.' }),
    'mitigation.revise': () => ({ review, mitigationId: m.rejected, description: 'Revised.' }),
    'mitigation.withdraw': () => ({ review, mitigationId: m.proposed }),
    'discussion.schedule': () => ({
      review,
      area: 'privacy_technical',
      scheduledAt: '2030-12-04T15:00:00Z',
      attendeeIds: [c.facilitators.privacy_technical.id],
      agenda: 'Another.',
    }),
    'discussion.hold': () => ({ review, discussionId: s.discussionId, notes: 'Notes.', outcome: 'Fine.' }),
    'discussion.cancel': () => ({ review, discussionId: s.discussionId }),
    'announcement.preview': () => ({ review }),
    'announcement.send': () => ({ review }),
    'announcement.recordManual': () => ({ review, archiveLink: 'https://groups.example.com/x' }),
    'escalation.open': () => ({
      review,
      facilitatorId: c.facilitators.privacy_technical.id,
      areas: ['privacy_technical'],
      question: 'Again?',
    }),
    'escalation.list': () => ({ review }),
    'escalation.writePaper': () => ({ review, escalationId: s.escalationId, body: 'My position.' }),
    'escalation.share': () => ({ review, escalationId: s.escalationId }),
    'escalation.comment': () => ({ review, escalationId: s.escalationId, body: 'A remark.' }),
    'escalation.scheduleMeeting': () => ({
      review,
      escalationId: s.escalationId,
      scheduledAt: '2030-12-05T15:00:00Z',
      agenda: 'Meet.',
    }),
    'escalation.recordMeeting': () => ({ review, escalationId: s.escalationId, meetingId: 1, notes: 'Met.' }),
    'escalation.raise': () => ({ review, escalationId: s.escalationId }),
    'escalation.decide': () => ({
      review,
      escalationId: s.escalationId,
      decision: { decision: 'proceed', rationale: 'Go.' },
    }),
    'classification.intake': () => ({
      system: 'phabricator',
      repository: 'mozilla-central',
      revision: `I${u()}`,
      title: 'A new revision',
      author: c.proposer.email,
      needsClassification: true,
    }),
    'classification.assess': () => ({ ...s.codeRevision, level: 'high', comment: 'By choice.' }),
    'classification.linkReview': () => ({ ...s.codeRevision, review }),
    'classification.revision': () => s.codeRevision,
    'classification.queue': () => undefined,
    'classification.land': () => s.codeRevision,
    'gate.canShip': () => ({ review, channel: 'release' }),
    'gate.check': () => ({ items: [{ review, channel: 'release' }] }),
    'gate.lookup': () => ({ bug: '1900555' }),
    'gate.blockerCodes': () => undefined,
    'glean.preview': () => ({
      bug: '1900555',
      files: [
        { name: 'metrics.yaml', text: '---\n$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\n' },
      ],
    }),
    'glean.createReview': () => ({
      productId: c.productId,
      files: [
        { name: 'metrics.yaml', text: '---\n$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\n' },
      ],
      title: `Glean ${u()}`,
      channels: [{ channel: 'release', defaultState: 'off' }],
      visibility: 'public',
    }),
    'glean.reimport': () => ({
      review,
      baseRevision: 3,
      files: [
        { name: 'metrics.yaml', text: '---\n$schema: moz://mozilla.org/schemas/glean/metrics/2-0-0\n' },
      ],
    }),
    'glean.imports': () => ({ review }),
    'renewal.request': () => ({ review: s.shippedKey, newExpires: 'Firefox 210', reason: 'Still needed.' }),
    'renewal.review': () => ({
      review: s.shippedKey,
      renewalId: s.renewalId,
      outcome: 'data-review+',
      answers: {
        originalReviewComplete: { answer: 'yes' },
        privacyNoticeCoverage: { answer: 'yes' },
      },
      stewardReview: 'Fine.',
    }),
    'renewal.withdraw': () => ({ review: s.shippedKey, renewalId: s.renewalId }),
    'renewal.askLegalTrust': () => ({
      review: s.shippedKey,
      renewalId: s.renewalId,
      question: 'Does the privacy notice still cover this?',
    }),
    'renewal.answerLegalTrust': () => ({
      review: s.shippedKey,
      renewalId: s.renewalId,
      answer: 'Covered by the privacy notice.',
    }),
    'renewal.list': () => ({ review }),
    'renewal.waiting': () => ({}),
    'survey.open': () => ({ year: 2031, dueAt: '2031-03-01T00:00:00Z' }),
    'survey.list': () => undefined,
    'survey.actions': () => undefined,
    'survey.items': () => ({ year: 2031 }),
    'survey.answer': () => ({
      itemId: 1,
      stillNecessary: true,
      reason: 'Yes.',
      responsiblePersonId: c.proposer.id,
    }),
    'survey.reassign': () => ({ itemId: 1, ownerId: c.proposer.id }),
    'survey.sendReminders': () => ({ year: 2031 }),
    'transparency.list': () => ({}),
    'transparency.get': () => ({ review }),
    'export.json': () => ({ review }),
    'export.markdown': () => ({ review }),
    'export.requestText': () => ({ review }),
    'export.stewardReviewText': () => ({ review }),
    'inbox.mine': () => ({}),
    'inbox.dashboard': () => ({}),
    'inbox.facilitators': () => ({}),
    'outbox.list': () => ({}),
    'outbox.attempts': () => ({ id: s.mailId }),
    'outbox.retry': () => ({ id: s.mailId }),
  };
}
