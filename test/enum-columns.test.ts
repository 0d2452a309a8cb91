import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ANNOUNCEMENT_METHODS,
  AREAS,
  ASSESSOR_ROLES,
  CATEGORIES,
  CHANNELS,
  CLASSIFICATION_LEVELS,
  DEFAULT_STATES,
  DISCUSSION_STATES,
  ESCALATION_DECISIONS,
  ESCALATION_LEVELS,
  ESCALATION_STATES,
  EXECUTIVE_ROLES,
  EXTERNAL_REF_KINDS,
  LEGAL_TRUST_QUESTION_STATES,
  MAIL_ATTEMPT_OUTCOMES,
  MAIL_KINDS,
  MAIL_STATES,
  MEETING_STATES,
  MITIGATION_KINDS,
  MITIGATION_STATES,
  MITIGATION_THREAD_MOVES,
  RENEWAL_STATES,
  REVIEW_STATUSES,
  RISKS,
  SIGN_OFF_DECISIONS,
  SSO_CLIENTS,
  STEWARD_DEFAULT_STATES,
  STEWARD_OUTCOMES,
  STORED_SURVEY_ITEM_STATES,
  VISIBILITIES,
} from '@signoff/core';
import type { Database } from '@signoff/db';
import { type Selectable, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

// Issue 13: the database's enum columns carry core's union types, so rows need no casts. This holds the
// column types, the CHECK constraints of the migrated database and core's lists equal, and keeps the casts out.

/** Every column the database limits to a list, with core's list (the single source of the union). */
const ENUM_COLUMNS = {
  'announcements.method': ANNOUNCEMENT_METHODS,
  'area_facilitators.area': AREAS,
  'area_reviewers.area': AREAS,
  'classification_assessments.level': CLASSIFICATION_LEVELS,
  'classification_assessments.role': ASSESSOR_ROLES,
  'comments.area': AREAS,
  'discussions.area': AREAS,
  'discussions.state': DISCUSSION_STATES,
  'escalation_meetings.state': MEETING_STATES,
  'escalations.areas': AREAS,
  'escalations.decision': ESCALATION_DECISIONS,
  'escalations.level': ESCALATION_LEVELS,
  'escalations.state': ESCALATION_STATES,
  'external_refs.kind': EXTERNAL_REF_KINDS,
  'legal_trust_questions.state': LEGAL_TRUST_QUESTION_STATES,
  'mitigation_messages.move': MITIGATION_THREAD_MOVES,
  'mitigations.area': AREAS,
  'mitigations.kind': MITIGATION_KINDS,
  'mitigations.state': MITIGATION_STATES,
  'outbox.kind': MAIL_KINDS,
  'outbox.state': MAIL_STATES,
  'outbox_attempts.outcome': MAIL_ATTEMPT_OUTCOMES,
  'people.executive_role': EXECUTIVE_ROLES,
  'renewals.outcome': STEWARD_OUTCOMES,
  'renewals.state': RENEWAL_STATES,
  'review_channels.channel': CHANNELS,
  'review_channels.default_state': DEFAULT_STATES,
  'reviews.status': REVIEW_STATUSES,
  'reviews.steward_outcome': STEWARD_OUTCOMES,
  'reviews.visibility': VISIBILITIES,
  'sign_off_reminders.area': AREAS,
  'sign_offs.area': AREAS,
  'sign_offs.decision': SIGN_OFF_DECISIONS,
  'sign_offs.risk': RISKS,
  'sso_logins.client': SSO_CLIENTS,
  'steward_reviews.default_state': STEWARD_DEFAULT_STATES,
  'steward_reviews.outcome': STEWARD_OUTCOMES,
  'survey_items.state': STORED_SURVEY_ITEM_STATES,
} as const;
/** Columns limited to a range of numbers (`CHECK (category BETWEEN 1 AND 4)`). */
const RANGE_COLUMNS = { 'reviews.category': CATEGORIES, 'steward_reviews.category': CATEGORIES } as const;

type Column<T extends string> = T extends `${infer Table extends keyof Database}.${infer Name}`
  ? Name extends keyof Selectable<Database[Table]>
    ? Selectable<Database[Table]>[Name]
    : never
  : never;
type Element<C> = NonNullable<C> extends readonly (infer E)[] ? E : NonNullable<C>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compile-time: the column type (as selected, nulls and arrays aside) is exactly core's union. */
type Checked = {
  [K in keyof typeof ENUM_COLUMNS | keyof typeof RANGE_COLUMNS]: Same<
    Element<Column<K>>,
    (K extends keyof typeof ENUM_COLUMNS
      ? (typeof ENUM_COLUMNS)[K]
      : (typeof RANGE_COLUMNS)[K & keyof typeof RANGE_COLUMNS])[number]
  >;
};
const typesAreCoreUnions: { [K in keyof Checked]: true } = Object.fromEntries(
  [...Object.keys(ENUM_COLUMNS), ...Object.keys(RANGE_COLUMNS)].map((k) => [k, true]),
) as { [K in keyof Checked]: Checked[K] };

let t: TestDatabase;
let checks: { table: string; def: string }[];
beforeAll(async () => {
  t = await createTestDatabase();
  checks = (
    await sql<{ table: string; def: string }>`
      SELECT conrelid::regclass::text AS table, pg_get_constraintdef(oid) AS def
      FROM pg_constraint WHERE contype = 'c' AND connamespace = 'public'::regnamespace`.execute(t.db)
  ).rows;
});
afterAll(() => t?.drop());

const values = (list: string) => [...list.matchAll(/'([^']*)'::text/g)].map((m) => m[1]);
const sorted = (xs: readonly (string | number)[]) => [...xs].map(String).sort();

describe('enum columns', () => {
  it('types every enum column with core union (checked by the compiler)', () => {
    expect(Object.values(typesAreCoreUnions).every((v) => v === true)).toBe(true);
  });

  it("the migrated database's CHECK lists equal core's lists, and every listed column is mapped", async () => {
    const found = new Map<string, string[]>();
    for (const { table, def } of checks) {
      // `(col = ANY (ARRAY['a'::text, ...]))` on the column itself, or `areas <@ ARRAY[...]` on an array column.
      for (const m of def.matchAll(/\(\((\w+) = ANY \(ARRAY\[([^\]]*)\]\)\)\)/g))
        found.set(`${table}.${m[1]}`, values(m[2] ?? '') as string[]);
      for (const m of def.matchAll(/\((\w+) <@ ARRAY\[([^\]]*)\]\)/g))
        found.set(`${table}.${m[1]}`, values(m[2] ?? '') as string[]);
    }
    expect(found.size).toBeGreaterThan(30);
    expect([...found.keys()].sort()).toEqual(Object.keys(ENUM_COLUMNS).sort());
    for (const [column, list] of Object.entries(ENUM_COLUMNS))
      expect(`${column}: ${sorted(found.get(column) ?? [])}`).toBe(`${column}: ${sorted(list)}`);
  });

  it("the numeric ranges equal core's categories", () => {
    for (const [column, list] of Object.entries(RANGE_COLUMNS)) {
      const [table, name] = column.split('.');
      const def = checks.find((c) => c.table === table && c.def.includes(`(${name} >=`))?.def ?? '';
      const range = new RegExp(`\\(${name} >= (\\d+)\\) AND \\(${name} <= (\\d+)\\)`).exec(def);
      expect(range, `${column}: ${def}`).not.toBeNull();
      const [low, high] = [Number(range?.[1]), Number(range?.[2])];
      expect([low, high]).toEqual([Math.min(...list), Math.max(...list)]);
      expect(list.length).toBe(high - low + 1);
    }
  });

  it('the database refuses a value outside the list (the constraint is live)', async () => {
    await expect(
      sql`INSERT INTO area_facilitators (area, person_id) VALUES ('nope', 1)`.execute(t.db),
    ).rejects.toThrow(/check constraint/);
  });
});

// The server side reads rows typed by the database: a cast to an enum union there hides a wrong column type.
// (The renderer's casts read a <select>'s DOM string, built from core's lists; core reads no rows.)
const root = fileURLToPath(new URL('../', import.meta.url));
const SOURCES = ['packages/api/src', 'packages/db/src', 'packages/mail/src', 'apps/server/src'];
const sources = SOURCES.flatMap((dir) =>
  readdirSync(`${root}${dir}`, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => [`${dir}/${f}`, readFileSync(`${root}${dir}/${f}`, 'utf8')] as const),
);
/** core's unions of the enum columns, by their type names. */
const ENUM_TYPES = [
  'AnnouncementMethod',
  'Area',
  'AssessorRole',
  'Category',
  'Channel',
  'ClassificationLevel',
  'DefaultState',
  'DiscussionState',
  'EscalationDecision',
  'EscalationLevel',
  'EscalationProcess',
  'EscalationState',
  'ExecutiveRole',
  'ExternalRefKind',
  'LegalTrustQuestionState',
  'MailAttemptOutcome',
  'MailKind',
  'MailState',
  'MeetingState',
  'MitigationKind',
  'MitigationState',
  'MitigationThreadMove',
  'RenewalState',
  'ReviewFacts',
  'ReviewStatus',
  'ReviewView',
  'Risk',
  'SignOffDecision',
  'SignOffFact',
  'SsoClient',
  'StewardDefaultState',
  'StewardOutcome',
  'StoredSurveyItemState',
  'Visibility',
];
/** A line without its comment (SQL's `--`, a `//` or a doc comment's `*`): words there are no cast. */
const code = (line: string) => (/^\s*(--|\/\/|\/?\*)/.test(line) ? '' : line);
const CASTS = [
  // `x as 'open'`, `x as 'data-review+' | null`
  /\bas '[^']*'/,
  // `x as RenewalState`, `x as Area[]`, `x as EscalationProcess['state']`, `x as ReviewFacts['status']`
  new RegExp(`\\bas (?:${ENUM_TYPES.join('|')})\\b(?:\\[\\]|\\['\\w+'\\])?`),
  // `x as z.infer<typeof schema>['decision']`
  /\bas z\.infer<[^>]+>\['\w+'\]/,
];

describe('no cast of an enum column', () => {
  it('reads the server sources', () => {
    expect(sources.filter(([f]) => f.startsWith('packages/api/src/commands/')).length).toBeGreaterThan(30);
    expect(sources.some(([f]) => f === 'packages/db/src/database.ts')).toBe(true);
  });

  it.each(CASTS.map((c) => [String(c), c] as const))('has no %s', (_, cast) => {
    const hits = sources.flatMap(([f, s]) =>
      s.split('\n').flatMap((line, i) => (cast.test(code(line)) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it('the patterns catch the casts they were written for', () => {
    const caught = (line: string) => CASTS.some((c) => c.test(line));
    expect(caught("  state: e.state as EscalationProcess['state'],")).toBe(true);
    expect(caught("  state: m.state as 'scheduled',")).toBe(true);
    expect(caught('  renewal: { state: renewal.state as RenewalState },')).toBe(true);
    expect(caught('  areas: p.areas as Area[],')).toBe(true);
    expect(caught("  decision: e.decision as z.infer<typeof escalationSummary>['decision'],")).toBe(true);
    expect(caught('  const x = [] as const;')).toBe(false);
  });
});
