import type { Area, Category, Risk, SignOffDecision } from '@signoff/core';
import type { Db } from '@signoff/db';
import { sampleDataReview, sampleRequestForm } from '../apps/server/src/sample-review.ts';
import { person, systemCaller } from './callers.ts';

export type Person = Awaited<ReturnType<typeof person>>;

export const completeForm = sampleRequestForm;
export const dataReview = sampleDataReview;

export interface Cast {
  admin: Person;
  owner: Person;
  proposer: Person;
  steward: Person;
  facilitators: Record<Area, Person>;
  outsider: Person;
  productId: number;
}

/** Everyone a review involves, signed in, and a product owned by `owner`. */
export async function cast(db: Db, tag = ''): Promise<Cast> {
  const mk = (name: string, opts?: Parameters<typeof person>[2]) =>
    person(db, `${name}${tag}@example.com`, opts);
  const [admin, owner, proposer, steward, outsider] = await Promise.all([
    mk('admin', { roles: ['admin'] }),
    mk('owner'),
    mk('proposer'),
    mk('steward', { roles: ['steward'] }),
    mk('outsider'),
  ]);
  const facilitators = {
    privacy_technical: await mk('privacy', { areas: ['privacy_technical'] }),
    data: await mk('data', { areas: ['data'] }),
    legal_trust: await mk('legal', { areas: ['legal_trust'] }),
    security: await mk('security', { areas: ['security'] }),
  };
  const product = await systemCaller(db).admin.createProduct({
    name: `Firefox${tag}`,
    ownerEmail: owner.email,
  });
  return { admin, owner, proposer, steward, facilitators, outsider, productId: product.id };
}

/** A review created and submitted by the proposer, reviewed by the steward with `category`. */
export async function submittedReview(
  c: Cast,
  category: Category,
  opts: {
    defaultState?: 'on' | 'off';
    private?: boolean;
    outcome?: 'data-review+' | 'data-review-';
    bug?: string;
  } = {},
) {
  const r = await c.proposer.caller.review.create({
    productId: c.productId,
    title: `Cookie breakage reports (category ${category})`,
    channels: [
      { channel: 'release', defaultState: opts.defaultState ?? 'off' },
      { channel: 'pre_release', defaultState: opts.defaultState ?? 'off' },
    ],
    externalRefs: opts.bug ? [{ kind: 'bug', value: opts.bug }] : [],
    form: completeForm(category),
    ...(opts.private
      ? { visibility: 'private' as const, privateReason: 'Partnership not yet public.' }
      : { visibility: 'public' as const }),
  });
  await c.proposer.caller.review.submit({ review: r.key });
  return r;
}

export async function reviewed(
  c: Cast,
  category: Category,
  opts: Parameters<typeof submittedReview>[2] = {},
) {
  const r = await submittedReview(c, category, opts);
  await c.steward.caller.steward.recordReview({
    review: r.key,
    dataReview: dataReview(opts.outcome ?? 'data-review+'),
  });
  return r;
}

/** How an area signs off: a decision alone is low risk with the rationale "ok". */
export type SignOffAs = SignOffDecision | { decision: SignOffDecision; risk?: Risk; rationale?: string };

/**
 * Each named area's facilitator records a sign-off of the current revision, in the order named (the prerequisite
 * areas first, as the policy has them): `signOffs(c, key, { data: 'approved', security: { decision: 'rejected',
 * risk: 'medium', rationale: 'Too much.' } })`.
 */
export async function signOffs(c: Cast, review: string, byArea: Partial<Record<Area, SignOffAs>>) {
  for (const [area, as] of Object.entries(byArea) as [Area, SignOffAs][]) {
    const { decision, risk = 'low', rationale = 'ok' } = typeof as === 'string' ? { decision: as } : as;
    await c.facilitators[area].caller.signOff.record({ review, area, risk, decision, rationale });
  }
}

/** All four areas approve the current revision (legal/trust grants Trust approval when asked). */
export async function approveAllAreas(c: Cast, review: string, opts: { trustApproval?: boolean } = {}) {
  for (const area of ['privacy_technical', 'data', 'legal_trust', 'security'] as const) {
    await c.facilitators[area].caller.signOff.record({
      review,
      area,
      risk: 'low',
      decision: 'approved',
      rationale: `${area}: low risk, precedent exists.`,
      trustApproval: area === 'legal_trust' && (opts.trustApproval ?? false),
    });
  }
}

/**
 * The proposer takes up a requested mitigation, writes it into the documentation (a new revision, so the
 * sign-offs of the revision before go stale) and marks it implemented in that revision.
 */
export async function implementInNewRevision(c: Cast, review: string, mitigationId: number) {
  await c.proposer.caller.mitigation.proposeRequested({ review, mitigationId, note: 'We will.' });
  const view = await c.proposer.caller.review.get({ review });
  const saved = await c.proposer.caller.review.saveDocumentation({
    review,
    baseRevision: view.currentRevision,
    form: { ...view.form, implementationDetails: 'Only the eTLD+1 is kept.' },
  });
  await c.proposer.caller.mitigation.implement({ review, mitigationId, revision: saved.revision });
}

/**
 * Puts `area` in dispute, so it may be escalated (SPEC 9: only an area in dispute is escalated): its facilitator
 * asks for a mitigation the proposer has not taken up.
 */
export const inDispute = (c: Cast, review: string, area: Area) =>
  c.facilitators[area].caller.mitigation.request({
    review,
    area,
    kind: 'risk_assessment',
    description: 'Show that the risk is limited.',
  });

/**
 * The proposer escalates Security, put in dispute first, with Security's facilitator: the escalation and its
 * `target` ({ review, escalationId }) for the escalation commands.
 */
export async function escalateSecurity(c: Cast, review: string, question: string) {
  await inDispute(c, review, 'security');
  const e = await c.proposer.caller.escalation.open({
    review,
    facilitatorId: c.facilitators.security.id,
    areas: ['security'],
    question,
  });
  return { e, target: { review, escalationId: e.id } };
}

/** A draft by the proposer, public, asking to ship on Release only (off by default). */
export const draftOnRelease = (
  c: Cast,
  title: string,
  form: Parameters<Person['caller']['review']['create']>[0]['form'],
) =>
  c.proposer.caller.review.create({
    productId: c.productId,
    title,
    channels: [{ channel: 'release', defaultState: 'off' }],
    visibility: 'public',
    form,
  });
