import { z } from 'zod';
import { DATA_SENSITIVITY_CATEGORIES, type DataSensitivity } from './categories.ts';
import { DomainError } from './errors.ts';
import { categoryOfSensitivity, collectionPeriodFromExpiries, GLEAN_STANDARD_ANSWERS } from './glean.ts';
import type { MetricChange, MetricsDiff } from './metrics-diff.ts';
import { type DraftRequestForm, FORM_LIMITS } from './request-form.ts';

/**
 * Data classification of a revision in code review (policy: "Firefox Desktop, Firefox and Focus for
 * Android, Gecko"). A revision that adds or modifies data collection gets needs-data-classification; its
 * author and reviewer assess it data-classification-low (technical or interaction data) or
 * data-classification-high (anything else, a disagreement, or by choice), each with a comment; it cannot
 * land while it still needs classification, and a high one not before its data review may ship.
 */

/** The policy's tags: low and high; `unnecessary` for a mechanical change (no new or expanded collection). */
export const CLASSIFICATION_LEVELS = ['low', 'high', 'unnecessary'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];
export const classificationLevelSchema = z.enum(CLASSIFICATION_LEVELS);

/** The policy's tag names, shown to people used to Phabricator. */
export const CLASSIFICATION_TAGS = {
  needs: 'needs-data-classification',
  low: 'data-classification-low',
  high: 'data-classification-high',
  unnecessary: 'data-classification-unnecessary',
} as const;

/** A code-review system: `phabricator`, `github`, or another one named in lower case. */
export const codeReviewSystemSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{0,39}$/, 'a code-review system name in lower case, e.g. phabricator or github');
export const repositorySchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^\S+$/, 'a repository name without spaces, e.g. mozilla-central or mozilla/gecko-dev');
export const codeRevisionIdSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'a revision id, e.g. D123456 or a pull request number');

export const codeRevisionRefSchema = z.object({
  system: codeReviewSystemSchema,
  repository: repositorySchema,
  revision: codeRevisionIdSchema,
});
export type CodeRevisionRef = z.output<typeof codeRevisionRefSchema>;

/** What marks a manual needs-data-classification tag in the classified set. */
export const MANUAL_TAG = 'manual:needs-data-classification';

/** The data_sensitivity values a `low` classification fits: technical and interaction data. */
const LOW_SENSITIVITIES: ReadonlySet<DataSensitivity> = new Set(['technical', 'interaction']);
const aboveInteraction = (s: DataSensitivity) => DATA_SENSITIVITY_CATEGORIES[s] > 2;

/** The new or expanded collections: what a classification is about (removed metrics collect nothing). */
export const metricsToClassify = (diff: MetricsDiff): MetricChange[] => [...diff.added, ...diff.changed];

/** What one intake covers: the fingerprint of every added or changed metric, and the manual tag. */
export function intakeFingerprints(diff: MetricsDiff, manualTag: boolean): string[] {
  const fps = metricsToClassify(diff).flatMap((m) => (m.fingerprint ? [m.fingerprint] : []));
  return [...new Set([...fps, ...(manualTag ? [MANUAL_TAG] : [])])].sort();
}

/**
 * "When metrics are added or changed, or the bot marks the revision by hand, the revision needs
 * classification": true when the intake covers anything to classify.
 */
export const isTaggedNeedsClassification = (fingerprints: readonly string[]): boolean =>
  fingerprints.length > 0;

/**
 * The level the metrics' data_sensitivity suggests: technical and interaction → low; anything else (a
 * higher sensitivity, or a metric that declares none) → high. Null when there is no metric to classify.
 */
export function suggestedLevel(
  metrics: readonly Pick<MetricChange, 'dataSensitivity'>[],
): 'low' | 'high' | null {
  if (metrics.length === 0) return null;
  const low = metrics.every(
    (m) => m.dataSensitivity.length > 0 && m.dataSensitivity.every((s) => LOW_SENSITIVITIES.has(s)),
  );
  return low ? 'low' : 'high';
}

/**
 * Re-intake after a new diff: the classification round stays when everything the intake brings was
 * already classified or is in the round being classified; a metric not yet classified opens a new round
 * (the revision needs classification again, earlier assessments no longer count).
 */
export function nextClassificationRound(
  current: { round: number; fingerprints: readonly string[]; classified: readonly string[] },
  incoming: readonly string[],
): { round: number; fingerprints: string[]; reopened: boolean } {
  const known = new Set([...current.fingerprints, ...current.classified]);
  if (incoming.every((f) => known.has(f)))
    return { round: current.round, fingerprints: [...current.fingerprints], reopened: false };
  return { round: current.round + 1, fingerprints: [...incoming].sort(), reopened: true };
}

export const ASSESSOR_ROLES = ['author', 'reviewer'] as const;
export type AssessorRole = (typeof ASSESSOR_ROLES)[number];

export interface ClassificationAssessment {
  email: string;
  role: AssessorRole;
  level: ClassificationLevel;
  comment: string;
  at: string;
}

export interface ClassificationState {
  /** needs-data-classification applies to this round (metrics added or changed, or tagged by hand). */
  tagged: boolean;
  /** The revision's level: null before anyone assessed, or when nothing needs classification. */
  level: ClassificationLevel | null;
  /** Author and reviewers chose different levels (which makes the revision high). */
  disagreement: boolean;
  /** A reviewer assessed it, or it is high (the author opted in): nothing can make it lower. */
  settled: boolean;
  /** Tagged and not settled: the revision may not land. */
  needsClassification: boolean;
}

/** Each person's latest assessment of the round counts (a person may change their mind). */
export function latestAssessments(
  assessments: readonly ClassificationAssessment[],
): ClassificationAssessment[] {
  const latest = new Map<string, ClassificationAssessment>();
  for (const a of assessments) {
    const seen = latest.get(a.email);
    if (!seen || seen.at <= a.at) latest.set(a.email, a);
  }
  return [...latest.values()];
}

/**
 * The revision's classification from the round's assessments: any high, or author and reviewer
 * disagreeing, makes it high ("if patch author and reviewer disagree about the right category, use
 * data-classification-high"); reviewers are responsible for the level, so it is settled once one of them
 * assessed it (or once it is high: an author may opt in to high).
 */
export function classificationState(
  tagged: boolean,
  assessments: readonly ClassificationAssessment[],
): ClassificationState {
  if (!tagged) return { tagged, level: null, disagreement: false, settled: true, needsClassification: false };
  const latest = latestAssessments(assessments);
  const levels = new Set(latest.map((a) => a.level));
  const disagreement = levels.size > 1;
  const level: ClassificationLevel | null =
    latest.length === 0 ? null : levels.has('high') || disagreement ? 'high' : (latest[0]?.level ?? null);
  const settled = level === 'high' || latest.some((a) => a.role === 'reviewer');
  return { tagged, level, disagreement, settled, needsClassification: !settled };
}

/** Who may assess: the revision's author or one of its reviewers (matched by email). */
export function assessorRole(
  email: string,
  revision: { authorEmail: string; reviewerEmails: readonly string[] },
): AssessorRole | null {
  const e = email.toLowerCase();
  if (revision.authorEmail.toLowerCase() === e) return 'author';
  if (revision.reviewerEmails.some((r) => r.toLowerCase() === e)) return 'reviewer';
  return null;
}

/**
 * The rules of one assessment: only the author or a reviewer; only a revision that needs classification;
 * `low` refused when a metric to classify carries a data_sensitivity above interaction ("the data
 * classification … should match the data_sensitivity property in the metric definitions").
 */
export function assertMayAssess(input: {
  email: string;
  level: ClassificationLevel;
  revision: { label: string; authorEmail: string; reviewerEmails: readonly string[]; tagged: boolean };
  metrics: readonly Pick<MetricChange, 'name' | 'dataSensitivity'>[];
}): AssessorRole {
  const role = assessorRole(input.email, input.revision);
  if (!role)
    throw new DomainError(
      'FORBIDDEN',
      `Only the author or a reviewer of ${input.revision.label} may assess its data classification.`,
    );
  if (!input.revision.tagged)
    throw new DomainError(
      'RULE_VIOLATION',
      `${input.revision.label} does not add or change data collection and is not tagged ${CLASSIFICATION_TAGS.needs}: there is nothing to classify.`,
      { field: 'level' },
    );
  if (input.level === 'low') {
    const above = input.metrics.filter((m) => m.dataSensitivity.some(aboveInteraction));
    if (above.length > 0)
      throw new DomainError(
        'RULE_VIOLATION',
        `level: low is for technical or interaction data only, but ${above
          .slice(0, 5)
          .map((m) => `${m.name} (${m.dataSensitivity.join(', ')})`)
          .join(', ')}${above.length > 5 ? ` and ${above.length - 5} more` : ''} ${
          above.length === 1 ? 'has' : 'have'
        } a data_sensitivity above interaction; choose high.`,
        { field: 'level', metrics: above.map((m) => m.name) },
      );
  }
  return role;
}

/** The codes a landing check may answer, in the order they are reported. */
export const LANDING_BLOCKER_CODES = {
  NEEDS_DATA_CLASSIFICATION:
    'The revision adds or changes data collection (needs-data-classification) and its classification has not been assessed.',
  DATA_REVIEW_PENDING:
    'The revision is data-classification-high and its data review may not yet ship on the channel the code lands in.',
} as const;
export type LandingBlockerCode = keyof typeof LANDING_BLOCKER_CODES;
export const LANDING_BLOCKER_ORDER = Object.keys(LANDING_BLOCKER_CODES) as LandingBlockerCode[];

/** Who closes a landing blocker: a role, and the people in it where they are known (by email). */
export interface LandingOwner {
  role: 'author' | 'reviewer' | 'data_steward';
  emails: string[];
}

export interface LandingBlocker {
  code: LandingBlockerCode;
  message: string;
  owner: LandingOwner;
}

export interface LinkedReviewVerdict {
  key: string;
  canShip: boolean;
  /** The review's own blockers (code and message, as the gate gives them). */
  blockers: { code: string; message: string; area?: string }[];
}

/**
 * May the revision land? Not while it needs classification (Lando's block: "you will not be able to land
 * this revision until the revision has one of these tags"); if high, not before its linked data review
 * may ship on the channel the code lands in (for high, "the data-stewards group will be added as a blocking
 * reviewer").
 */
export function landingBlockers(input: {
  label: string;
  state: ClassificationState;
  authorEmail: string;
  /** Reviewers other than the data stewards. */
  reviewerEmails: readonly string[];
  stewardEmails: readonly string[];
  channel: string;
  /** Null when no data review is linked (or the caller may not see it). */
  review: LinkedReviewVerdict | null;
}): LandingBlocker[] {
  const blockers: LandingBlocker[] = [];
  const { state } = input;
  if (state.needsClassification) {
    const owner: LandingOwner =
      input.reviewerEmails.length > 0
        ? { role: 'reviewer', emails: [...input.reviewerEmails] }
        : { role: 'author', emails: [input.authorEmail] };
    blockers.push({
      code: 'NEEDS_DATA_CLASSIFICATION',
      message: `${input.label} changes data collection and has the ${CLASSIFICATION_TAGS.needs} tag: its author and reviewers must assess its classification (${CLASSIFICATION_TAGS.low} or ${CLASSIFICATION_TAGS.high}, with a comment explaining the choice) before it can land.${state.level === null ? '' : ` Only the author has assessed it (${state.level}); a reviewer must assess it too.`}`,
      owner,
    });
  }
  if (state.level === 'high') {
    const review = input.review;
    if (!review)
      blockers.push({
        code: 'DATA_REVIEW_PENDING',
        message: `${input.label} is ${CLASSIFICATION_TAGS.high}: the sensitive data collection review applies, and no data review is linked to it yet.`,
        owner: { role: 'author', emails: [input.authorEmail] },
      });
    else if (!review.canShip)
      blockers.push({
        code: 'DATA_REVIEW_PENDING',
        message: `${input.label} is ${CLASSIFICATION_TAGS.high}: its data review ${review.key} may not yet ship on ${input.channel} (${review.blockers
          .map((b) => b.code)
          .join(', ')}).`,
        owner: { role: 'data_steward', emails: [...input.stewardEmails] },
      });
  }
  return blockers;
}

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/** A bug number a metric names (the last number of its first bug entry), for the draft's reference. */
export function bugOfMetrics(metrics: readonly Pick<MetricChange, 'bugs'>[]): string | null {
  for (const m of metrics)
    for (const b of m.bugs) {
      const found = /(\d{4,10})\D*$/.exec(b);
      if (found?.[1]) return found[1];
    }
  return null;
}

/**
 * The request form of a new data review for a high revision, prefilled from its metrics the way the Glean
 * import does: one measurement row per metric (category from data_sensitivity), question 7 from
 * `expires`, glean_parser's standard answers.
 */
export function draftFromRevisionMetrics(label: string, metrics: readonly MetricChange[]): DraftRequestForm {
  return {
    measurements: metrics.map((m) => {
      const category = categoryOfSensitivity(m.dataSensitivity);
      const last = m.bugs[m.bugs.length - 1] ?? '';
      return {
        name: m.name,
        description: clip(m.description.replace(/\s*\n\s*/g, ' ').trim(), FORM_LIMITS.description),
        ...(category === null ? {} : { category }),
        ...(last && last.length <= FORM_LIMITS.short ? { trackingBug: last } : {}),
      };
    }),
    collectionPeriod: collectionPeriodFromExpiries(metrics),
    questionsAnswered: clip(
      `Data collection added or changed in code review by ${label}.`,
      FORM_LIMITS.short,
    ),
    ...GLEAN_STANDARD_ANSWERS,
  };
}

/** The mail that asks the author and reviewers to assess a revision, or tells the stewards it went high. */
export function composeClassificationMail(
  event:
    | { kind: 'needs_classification'; suggested: 'low' | 'high' | null }
    | { kind: 'went_high'; review: string | null },
  revision: { label: string; title: string; link: string },
): { subject: string; text: string } {
  if (event.kind === 'needs_classification')
    return {
      subject: `[${CLASSIFICATION_TAGS.needs}] ${revision.label}: ${revision.title}`,
      text: [
        `${revision.label} adds or changes data collection and needs data classification.`,
        '',
        `Its author and reviewers assess it: ${CLASSIFICATION_TAGS.low} if the data is technical or interaction data, ${CLASSIFICATION_TAGS.high} for anything else, or if you disagree. Leave a comment explaining your choice; the revision cannot land until a reviewer has assessed it.`,
        event.suggested ? `The metrics' data_sensitivity suggests: ${event.suggested}.` : '',
        '',
        revision.link,
      ]
        .filter((l, i, all) => l !== '' || all[i - 1] !== '')
        .join('\n'),
    };
  return {
    subject: `[${CLASSIFICATION_TAGS.high}] ${revision.label}: ${revision.title}`,
    text: [
      `${revision.label} is ${CLASSIFICATION_TAGS.high}: the data stewards are now its blocking reviewers and the sensitive data collection review applies.`,
      event.review ? `Its data review: ${event.review}.` : 'No data review is linked to it yet.',
      '',
      revision.link,
    ].join('\n'),
  };
}
