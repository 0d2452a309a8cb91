// The authorisation matrix (issue 7): every tRPC procedure × every role/relation to a public review →
// allowed or refused, against a table written here. The router is enumerated, so a new procedure without
// an entry fails. "Refused" means UNAUTHORIZED, FORBIDDEN or the review reported as not found; anything
// else (success, a rule, a conflict, a validation of state) means the caller got past authorisation.
import { writeFileSync } from 'node:fs';
import { appRouter } from '@signoff/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousCaller } from '../callers.ts';
import { createTestDatabase, type TestDatabase } from '../database.ts';
import { type GateServer, startGateServer } from '../gate-fixtures.ts';
import { cast } from '../review-fixtures.ts';
import { figure, fingerprint, type TrpcAnswer, trpc, writeFigures } from './harness.ts';
import { inputs, type People, people, RELATIONS, type Relation, scene, tokenOf } from './scene.ts';

type Kind = 'query' | 'mutation';
const procedures = Object.entries(
  (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: Kind } }> } })._def
    .procedures,
).map(([path, p]) => ({ path, kind: p._def.type }));

// Who gets past authorisation, by relation to a public category-3 review in sensitive review:
// P proposer, F facilitator of the review's area (privacy_technical), O facilitator of another area
// (security), R reviewer (added to privacy_technical), S steward, D decision maker (the product owner),
// X outsider (signed in, no relation), A admin, G gate token (gate:read), - signed out.
const PERSONS = 'PFORSDXA';
const EXPECTED: Record<string, string> = {
  'health.ping': 'PFORSDXAG-',
  'auth.signIn': 'PFORSDXAG-',
  'auth.signOut': PERSONS,
  'auth.setNotifications': PERSONS,
  'auth.setNotificationKinds': PERSONS,
  'auth.preferences': PERSONS,
  'auth.me': PERSONS,
  'sso.methods': 'PFORSDXAG-',
  // A code that no sign-in handed out gets nobody a session.
  'sso.exchange': '',
  'auth.changePassword': PERSONS,
  'admin.createUser': 'A',
  'admin.setRoles': 'A',
  'admin.resetPassword': 'A',
  'admin.listPeople': 'A',
  'admin.createToken': 'A',
  'admin.revokeToken': 'A',
  'admin.createProduct': 'A',
  'admin.listProducts': 'A',
  'review.create': PERSONS,
  'review.products': PERSONS,
  'review.get': PERSONS,
  'review.list': PERSONS,
  'review.search': PERSONS,
  'review.flow': PERSONS,
  'review.saveDocumentation': 'P',
  'review.revision': PERSONS,
  'review.diff': PERSONS,
  'review.submit': 'P',
  'review.resubmit': 'P',
  'review.withdraw': 'P',
  'review.markShipped': 'P',
  'steward.list': PERSONS,
  'steward.recordReview': 'S',
  'steward.recategorise': 'S',
  // Only a legal/trust facilitator, none of these relations.
  'steward.answerLegalTrust': '',
  'signOff.record': 'F',
  'signOff.reconfirm': 'F',
  'signOff.addReviewer': 'F',
  'signOff.comment': 'PFR',
  'mitigation.request': 'F',
  'mitigation.propose': 'P',
  'mitigation.proposeRequested': 'P',
  'mitigation.implement': 'P',
  'mitigation.accept': 'F',
  'mitigation.reject': 'F',
  'mitigation.revise': 'P',
  'mitigation.withdraw': 'P',
  'discussion.schedule': 'PF',
  'discussion.hold': 'PF',
  'discussion.cancel': 'PF',
  'announcement.preview': PERSONS,
  'announcement.send': 'P',
  'announcement.recordManual': 'P',
  'escalation.open': 'PFR',
  'escalation.list': PERSONS,
  // Involved parties: proposer, opener, the facilitator working with them, facilitators and reviewers
  // of the disputed areas, the decision maker of the level (core/escalation-process.ts).
  'escalation.writePaper': 'PFRD',
  'escalation.share': 'PF',
  'escalation.comment': 'PFRD',
  'escalation.scheduleMeeting': 'PF',
  'escalation.recordMeeting': 'PF',
  'escalation.raise': 'FD',
  'escalation.decide': 'D',
  // Code review: a bot's token or an admin takes revisions in; the author (P) and reviewer (R) assess; they
  // and the stewards link a data review; the stewards (and admins) read the queue.
  'classification.intake': 'A',
  'classification.assess': 'PR',
  'classification.linkReview': 'PRS',
  'classification.revision': PERSONS,
  'classification.queue': 'SA',
  'classification.land': `${PERSONS}G`,
  'gate.canShip': `${PERSONS}G`,
  'gate.check': `${PERSONS}G`,
  'gate.lookup': `${PERSONS}G`,
  'gate.blockerCodes': `${PERSONS}G`,
  'glean.preview': PERSONS,
  'glean.createReview': PERSONS,
  'glean.reimport': 'P',
  'glean.imports': PERSONS,
  'renewal.request': 'P',
  'renewal.review': 'S',
  'renewal.withdraw': 'P',
  'renewal.askLegalTrust': 'S',
  // Only a legal/trust facilitator, none of these relations.
  'renewal.answerLegalTrust': '',
  'renewal.list': PERSONS,
  'renewal.waiting': 'S',
  'survey.open': 'A',
  'survey.list': PERSONS,
  'survey.actions': PERSONS,
  'survey.items': PERSONS,
  'survey.answer': PERSONS,
  'survey.reassign': 'A',
  'survey.sendReminders': 'A',
  'transparency.list': 'PFORSDXAG-',
  'transparency.get': 'PFORSDXAG-',
  'export.json': PERSONS,
  'export.markdown': PERSONS,
  'export.requestText': PERSONS,
  'export.stewardReviewText': PERSONS,
  'inbox.mine': PERSONS,
  'inbox.dashboard': PERSONS,
  'inbox.facilitators': PERSONS,
  'outbox.list': 'A',
  'outbox.attempts': 'A',
  'outbox.retry': 'A',
};
const LETTER: Record<Relation, string> = {
  proposer: 'P',
  facilitatorOfThisArea: 'F',
  facilitatorOfOtherArea: 'O',
  reviewer: 'R',
  steward: 'S',
  decisionMaker: 'D',
  outsider: 'X',
  admin: 'A',
  gateToken: 'G',
  signedOut: '-',
};
// Least privileged first, so a refusal is never caused by an earlier caller's change of state.
const ORDER: Relation[] = [
  'signedOut',
  'gateToken',
  'outsider',
  'facilitatorOfOtherArea',
  'reviewer',
  'steward',
  'decisionMaker',
  'admin',
  'facilitatorOfThisArea',
  'proposer',
];

let t: TestDatabase;
let server: GateServer;
let who: People;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startGateServer(t);
  who = await people(t.db, await cast(t.db));
}, 60_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
  writeFigures('authorisation');
});

const refused = (a: TrpcAnswer) =>
  a.code === 'UNAUTHORIZED' ||
  a.code === 'FORBIDDEN' ||
  (a.code === 'NOT_FOUND' && /^Review not found/.test(a.message));

describe('the authorisation matrix', () => {
  it('has an entry for every procedure of the router, and no entry for one that is gone', () => {
    expect(procedures.map((p) => p.path).filter((p) => !(p in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !procedures.some((p) => p.path === k))).toEqual([]);
  });

  it('every procedure × relation is allowed or refused exactly as the table says, and a refusal writes nothing', async () => {
    const observed: Record<string, string> = {};
    const stateChanges: string[] = [];
    const errors: string[] = [];
    let cells = 0;
    const shared = await scene(t.db, who);
    // auth.signOut ends the session it is called with: run it last, on fresh sessions.
    const ordered = [...procedures].sort(
      (a, b) => Number(a.path === 'auth.signOut') - Number(b.path === 'auth.signOut'),
    );
    for (const { path, kind } of ordered) {
      const s = kind === 'mutation' ? await scene(t.db, who) : shared;
      const input = inputs(s, who)[path];
      if (!input) throw new Error(`no input for ${path}`);
      let letters = '';
      // Expected refusals first: a refusal must never be explained by an earlier caller's change of state.
      const allowed = EXPECTED[path] ?? '';
      const order = [...ORDER].sort(
        (a, b) => Number(allowed.includes(LETTER[a])) - Number(allowed.includes(LETTER[b])),
      );
      for (const rel of order) {
        let token = tokenOf(who, rel);
        if (path === 'auth.signOut' && token && rel !== 'gateToken') {
          const person = (
            {
              proposer: who.cast.proposer,
              facilitatorOfThisArea: who.cast.facilitators.privacy_technical,
              facilitatorOfOtherArea: who.cast.facilitators.security,
              reviewer: who.reviewer,
              steward: who.cast.steward,
              decisionMaker: who.cast.owner,
              outsider: who.cast.outsider,
              admin: who.cast.admin,
            } as Record<string, { email: string; password: string }>
          )[rel]!;
          token = (
            await anonymousCaller(t.db).auth.signIn({ email: person.email, password: person.password })
          ).token;
        }
        const before = kind === 'mutation' ? await fingerprint(t.db, ['sign_in_throttle']) : null;
        const a = await trpc(server.base, path, kind, input(), token);
        cells++;
        if (a.status >= 500) errors.push(`${path} as ${rel}: ${a.status} ${a.message}`);
        if (!refused(a)) letters += LETTER[rel];
        else if (before) {
          const after = await fingerprint(t.db, ['sign_in_throttle']);
          const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
          if (changed.length)
            stateChanges.push(`${path} as ${rel} refused but changed ${changed.join(', ')}`);
        }
      }
      observed[path] = [...letters].sort().join('');
    }
    writeFileSync('.test-results/reliability/authorisation-observed.json', JSON.stringify(observed, null, 2));
    const norm = (s: string) => [...s].sort().join('');
    const diff = Object.keys(EXPECTED)
      .filter((k) => norm(EXPECTED[k]!) !== observed[k])
      .map((k) => `${k}: expected ${norm(EXPECTED[k]!)} observed ${observed[k]}`);
    expect(errors).toEqual([]);
    expect(stateChanges).toEqual([]);
    expect(diff).toEqual([]);
    figure(
      'security',
      'authorisation matrix: procedures × relations (cells)',
      `${procedures.length} × ${RELATIONS.length} (${cells})`,
    );
    figure(
      'security',
      'authorisation matrix: cells differing from the table',
      diff.length,
      diff.length === 0,
    );
    figure('security', 'refused calls that changed state', stateChanges.length, stateChanges.length === 0);
  }, 900_000);
});
