import {
  type Alias,
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLMap,
} from 'yaml';
import { z } from 'zod';
import {
  CATEGORY_LABELS,
  type Category,
  DATA_SENSITIVITY_CATEGORIES,
  type DataSensitivity,
} from './categories.ts';
import { isCalendarDate } from './collection-period.ts';
import { DomainError } from './errors.ts';
import {
  type DraftRequestForm,
  FORM_LIMITS,
  isBlank,
  populationChannelsAnswer,
  type ReviewChannels,
} from './request-form.ts';

/**
 * Glean `metrics.yaml` → a review draft, as glean_parser's data-review command does ("If your collection
 * is Glean you can use glean_parser to generate a partially-filled template"), and the rule that the
 * review's category matches the metrics' `data_sensitivity` ("the data classification of the new or
 * expanded data collections should match the data_sensitivity property in the metric definitions").
 */

export const GLEAN_METRICS_SCHEMA = 'moz://mozilla.org/schemas/glean/metrics/2-0-0';

/**
 * Every metric type glean_parser accepts in a metrics.yaml (schema 2-0-0). Not `denominator` (glean_parser
 * makes it itself from a counter a rate names) nor `jwe` (removed: the schema requires a property it forbids).
 */
export const GLEAN_METRIC_TYPES = [
  'boolean',
  'labeled_boolean',
  'counter',
  'labeled_counter',
  'dual_labeled_counter',
  'custom_distribution',
  'labeled_custom_distribution',
  'datetime',
  'event',
  'labeled_string',
  'memory_distribution',
  'labeled_memory_distribution',
  'object',
  'quantity',
  'labeled_quantity',
  'rate',
  'string',
  'string_list',
  'text',
  'timespan',
  'timing_distribution',
  'labeled_timing_distribution',
  'url',
  'uuid',
] as const;

export const DATA_SENSITIVITIES = Object.keys(DATA_SENSITIVITY_CATEGORIES) as DataSensitivity[];

/**
 * glean_parser's schema: a category is dotted snake_case, each segment at most 30 characters and the whole
 * at most 40; a metric name is snake_case of at most 70 characters (raised from 30 in 2023, glean_parser
 * #596); an event's extra key is a token of at most 40 characters.
 */
export const GLEAN_NAME_LIMITS = { category: 40, categorySegment: 30, metric: 70, extraKey: 40 } as const;
const DOTTED = /^[a-z_][a-z0-9_]{0,29}(\.[a-z_][a-z0-9_]{0,29})*$/;
const METRIC_NAME = /^[a-z_][a-z0-9_]*$/;
// Real files glean_parser accepts use camelCase and dotted extra keys (glean's own tests do).
const EXTRA_KEY = /^[A-Za-z_][A-Za-z0-9_.]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * What one import may carry. A file is at most 1,000,000 characters (the server's request body limit is
 * 1,000,000 bytes): the parse runs off the request thread and in time linear in the file's size.
 */
export const GLEAN_LIMITS = {
  files: 20,
  fileChars: 1_000_000,
  totalChars: 2_000_000,
  fileName: 200,
  /** Issues kept per import; more are counted, not listed. */
  issues: 200,
  /** A mapping merged with `<<` holds at most this many keys (a metric has a few dozen parameters at most). */
  mergedKeys: 64,
} as const;

export const gleanFileSchema = z.object({
  /** Shown in errors, e.g. `toolkit/components/glean/metrics.yaml`. */
  name: z.string().trim().min(1).max(GLEAN_LIMITS.fileName),
  text: z
    .string()
    .max(
      GLEAN_LIMITS.fileChars,
      `a metrics.yaml is at most ${GLEAN_LIMITS.fileChars.toLocaleString('en')} characters`,
    ),
});
export type GleanFile = z.output<typeof gleanFileSchema>;

export const gleanFilesSchema = z
  .array(gleanFileSchema)
  .min(1, 'give at least one metrics.yaml')
  .max(GLEAN_LIMITS.files, `at most ${GLEAN_LIMITS.files} metrics.yaml files`)
  .refine((fs) => fs.reduce((n, f) => n + f.text.length, 0) <= GLEAN_LIMITS.totalChars, {
    message: `the metrics.yaml files together are at most ${GLEAN_LIMITS.totalChars.toLocaleString('en')} characters`,
  });

/** A bug number, as in Bugzilla. */
export const bugNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{1,10}$/, 'a bug number');

/** A problem in a metrics.yaml: where it is (file, 1-based line and column) and which field. */
export interface GleanIssue {
  file: string;
  line: number | null;
  column: number | null;
  /** Path in the file, e.g. `browser.engagement.clicks.data_sensitivity[1]`; `(file)` for the whole file. */
  field: string;
  message: string;
}

/** One key of an event's `extra_keys`: glean_parser gives each its own row in the data review. */
export interface GleanExtraKey {
  name: string;
  description: string;
}

/** One metric as read from a metrics.yaml. */
export interface GleanMetric {
  file: string;
  line: number;
  /** `category.metric`, the measurement name glean_parser writes. */
  name: string;
  type: string;
  description: string;
  bugs: string[];
  dataReviews: string[];
  /** Empty when the definition has none. */
  dataSensitivity: DataSensitivity[];
  notificationEmails: string[];
  /** `never`, `expired`, a date (YYYY-MM-DD) or a major version (e.g. `150`). */
  expires: string;
  /** An event's extra keys, in the file's order; empty for every other type. */
  extraKeys: GleanExtraKey[];
}

/** What a review keeps of each imported metric: enough for the category rule and the report. */
export interface ImportedMetric {
  name: string;
  file: string;
  line: number;
  type: string;
  dataSensitivity: DataSensitivity[];
  /** From data_sensitivity (the highest wins); null when the metric declares none. */
  category: Category | null;
  expires: string;
  notificationEmails: string[];
  bugs: string[];
  /** An event's extra keys (each a measurement row `metric#key`); absent in imports made before they were read. */
  extraKeys?: string[];
}

/** The category a metric's data_sensitivity means: technical 1, interaction 2, stored_content/web_activity 3, highly_sensitive 4; the highest wins. */
export function categoryOfSensitivity(sensitivity: readonly DataSensitivity[]): Category | null {
  let highest: Category | null = null;
  for (const s of sensitivity) {
    const c = DATA_SENSITIVITY_CATEGORIES[s];
    if (highest === null || c > highest) highest = c;
  }
  return highest;
}

/**
 * Does one of a metric's `bugs` name `bug`? As glean_parser: the number stands alone, after a non-word
 * character (`…show_bug.cgi?id=1234567`, `…/1234567`), or is the whole entry.
 */
export function metricListsBug(bugs: readonly string[], bug: string): boolean {
  const alone = new RegExp(`(^|\\W)${bug}(\\W|$)`);
  return bugs.some((b) => b.trim() === bug || alone.test(b));
}

type Path = (string | number)[];

const pathText = (path: Path): string =>
  path.reduce<string>(
    (s, p) => (typeof p === 'number' ? `${s}[${p}]` : s === '' ? String(p) : `${s}.${p}`),
    '',
  );

type Issue = (node: Node | null | undefined, path: Path, message: string) => void;

/** A mapping's entries by key: its own keys, then what `<<` merges in (YAML merge keys, own keys win). */
type Entries = Map<string, { key: Node; value: Node | null }>;

const MERGE = '<<';

/** What each `*alias` of a document names. */
type Anchors = Map<Alias, Node>;

/**
 * Every alias's node, in one pass in document order (an alias names the last node anchored before it). The
 * YAML library's own `Alias.resolve` searches the whole document for each alias: quadratic in a file of many.
 */
function anchorsOf(doc: Document): Anchors {
  const latest = new Map<string, Node>();
  const targets: Anchors = new Map();
  visit(doc, (_key, node) => {
    if (isAlias(node)) {
      const target = latest.get(node.source);
      if (target) targets.set(node, target);
    } else if (isNode(node) && node.anchor) latest.set(node.anchor, node);
  });
  return targets;
}

/** A value written as `*anchor` is the anchored node (one step: an anchor names a node, not an alias). */
const deref = (node: Node | null, anchors: Anchors): Node | null =>
  isAlias(node) ? (anchors.get(node) ?? null) : node;

/**
 * The keys of a mapping, each once. A key written twice is an error (glean_parser refuses redefinitions);
 * `<<: *anchor` (or a list of anchors) adds the anchored mapping's keys the mapping does not have, as
 * YAML's merge key does. Linear in the mapping's size: one Map, no pairwise comparison.
 */
function entriesOf(map: YAMLMap, anchors: Anchors, path: Path, issue: Issue, lines: LineCounter): Entries {
  const own: Entries = new Map();
  const merged: Node[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : null;
    if (key === null) {
      issue(keyNode, path, 'a key must be a plain string');
      continue;
    }
    if (key === MERGE) {
      const v = pair.value as Node | null;
      if (isSeq(v)) for (const item of v.items) merged.push(item as Node);
      else if (v) merged.push(v);
      continue;
    }
    const seen = own.get(key);
    if (seen) {
      const first = seen.key.range ? lines.linePos(seen.key.range[0]).line : null;
      issue(
        keyNode,
        [...path, key],
        `${key} is defined twice${first === null ? '' : ` (first at line ${first})`}`,
      );
      continue;
    }
    own.set(key, { key: keyNode, value: deref(pair.value as Node | null, anchors) });
  }
  for (const source of merged) {
    const target = deref(source, anchors);
    if (!isMap(target)) {
      issue(source, [...path, MERGE], '<< merges a mapping (an anchor such as *defaults)');
      continue;
    }
    if (target.items.length > GLEAN_LIMITS.mergedKeys) {
      issue(source, [...path, MERGE], `<< merges a mapping of at most ${GLEAN_LIMITS.mergedKeys} keys`);
      continue;
    }
    for (const pair of target.items) {
      const key = isScalar(pair.key) && pair.key.value !== null ? String(pair.key.value) : null;
      if (key === null || key === MERGE || own.has(key)) continue;
      own.set(key, { key: pair.key as Node, value: deref(pair.value as Node | null, anchors) });
    }
  }
  return own;
}

/**
 * Reads one metrics.yaml as glean_parser does: the metrics it defines and every problem found, each with its
 * line. Malformed YAML stops at the YAML errors; a schema error in one metric does not hide the others.
 * Linear in the file's size (the YAML library's own duplicate-key check compares every key with every
 * other, so it is off and `entriesOf` checks instead).
 */
export function parseMetricsYaml(file: GleanFile): { metrics: GleanMetric[]; issues: GleanIssue[] } {
  const lines = new LineCounter();
  const doc = parseDocument(file.text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: false,
    merge: false,
  });
  const issues: GleanIssue[] = [];
  const at = (node: Node | null | undefined) => {
    if (!node?.range) return { line: null, column: null };
    const { line, col } = lines.linePos(node.range[0]);
    return { line, column: col };
  };
  const issue: Issue = (node, path, message) =>
    issues.push({ file: file.name, ...at(node), field: path.length ? pathText(path) : '(file)', message });

  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      issues.push({
        file: file.name,
        line: pos.line,
        column: pos.col,
        field: '(yaml)',
        message: `malformed YAML: ${e.message.split('\n')[0]}`,
      });
    }
    return { metrics: [], issues };
  }
  const root = doc.contents;
  if (!isMap(root)) {
    issue(root, [], 'a metrics.yaml is a mapping of categories to metrics');
    return { metrics: [], issues };
  }

  const anchors = anchorsOf(doc);
  const top = entriesOf(root, anchors, [], issue, lines);
  const schema = top.get('$schema')?.value;
  if (!isScalar(schema)) issue(root, ['$schema'], `missing $schema (expected ${GLEAN_METRICS_SCHEMA})`);
  else if (schema.value !== GLEAN_METRICS_SCHEMA)
    issue(
      schema,
      ['$schema'],
      `unsupported $schema ${String(schema.value)}; expected ${GLEAN_METRICS_SCHEMA}`,
    );

  const metrics: GleanMetric[] = [];
  for (const [key, { key: keyNode, value: categoryNode }] of top) {
    if (key.startsWith('$') || key === 'no_lint') continue;
    if (!DOTTED.test(key) || key.length > GLEAN_NAME_LIMITS.category)
      issue(
        keyNode,
        [key],
        `a category name is dotted snake_case, each part at most ${GLEAN_NAME_LIMITS.categorySegment} characters and the whole at most ${GLEAN_NAME_LIMITS.category}`,
      );
    else if (key === 'pings') issue(keyNode, [key], "'pings' is reserved as a category name");
    if (!isMap(categoryNode)) {
      issue(categoryNode ?? keyNode, [key], 'a category is a mapping of metric names to metrics');
      continue;
    }
    for (const [name, { key: metricKey, value }] of entriesOf(categoryNode, anchors, [key], issue, lines)) {
      if (name.startsWith('$') || name === 'no_lint') continue;
      const path = [key, name];
      if (!METRIC_NAME.test(name) || name.length > GLEAN_NAME_LIMITS.metric)
        issue(metricKey, path, `a metric name is snake_case, at most ${GLEAN_NAME_LIMITS.metric} characters`);
      const m = readMetric(value, metricKey, path, issue, (map, p) =>
        entriesOf(map, anchors, p, issue, lines),
      );
      if (m) metrics.push({ file: file.name, line: at(metricKey).line ?? 1, name: `${key}.${name}`, ...m });
    }
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { metrics, issues };
}

function readMetric(
  node: Node | null,
  keyNode: Node,
  path: Path,
  report: Issue,
  entries: (map: YAMLMap, path: Path) => Entries,
): Omit<GleanMetric, 'file' | 'line' | 'name'> | null {
  let found = 0;
  const issue: Issue = (n, p, message) => {
    found += 1;
    report(n, p, message);
  };
  if (!isMap(node)) {
    issue(node ?? keyNode, path, 'a metric is a mapping of its parameters');
    return null;
  }
  const fields = entries(node, path);
  const field = (f: string) => fields.get(f)?.value ?? undefined;
  const str = (f: string, required: boolean): string | null => {
    const v = field(f);
    if (v === undefined || (isScalar(v) && v.value === null)) {
      if (required) issue(node, [...path, f], `${f} is required`);
      return null;
    }
    if (!isScalar(v) || typeof v.value !== 'string' || v.value.trim() === '') {
      issue(v, [...path, f], `${f} must be a non-empty string`);
      return null;
    }
    return v.value;
  };
  const list = (
    f: string,
    opts: { min: number; item: (v: unknown) => string | null; what: string; one: string },
  ) => {
    const v = field(f);
    if (v === undefined) {
      issue(node, [...path, f], `${f} is required`);
      return [];
    }
    if (!isSeq(v)) {
      issue(v, [...path, f], `${f} must be a list of ${opts.what}`);
      return [];
    }
    if (v.items.length < opts.min) issue(v, [...path, f], `${f} must list at least ${opts.one}`);
    const out: string[] = [];
    v.items.forEach((item, i) => {
      const value = isScalar(item) ? opts.item(item.value) : null;
      if (value === null) issue(item as Node, [...path, f, i], `${f}[${i}] is not ${opts.one}`);
      else out.push(value);
    });
    return out;
  };

  const type = str('type', true);
  if (type !== null && !(GLEAN_METRIC_TYPES as readonly string[]).includes(type))
    issue(field('type'), [...path, 'type'], `unknown metric type ${type}`);
  const description = str('description', true);
  const bugs = list('bugs', {
    min: 1,
    what: 'bug URLs',
    one: 'a bug URL',
    item: (v) =>
      typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null,
  });
  const dataReviews = list('data_reviews', {
    min: 0,
    what: 'data review URLs',
    one: 'a data review URL',
    item: (v) => (typeof v === 'string' ? v.trim() : null),
  });
  const notificationEmails = list('notification_emails', {
    min: 1,
    what: 'email addresses',
    one: 'an email address',
    item: (v) => (typeof v === 'string' && EMAIL.test(v.trim()) ? v.trim() : null),
  });
  const expires = readExpires(field('expires'), node, [...path, 'expires'], issue);

  let dataSensitivity: DataSensitivity[] = [];
  const ds = field('data_sensitivity');
  if (ds !== undefined) {
    dataSensitivity = list('data_sensitivity', {
      min: 1,
      what: `data sensitivities (${DATA_SENSITIVITIES.join(', ')})`,
      one: `one of ${DATA_SENSITIVITIES.join(', ')}`,
      item: (v) => (typeof v === 'string' && (DATA_SENSITIVITIES as string[]).includes(v) ? v : null),
    }) as DataSensitivity[];
    if (new Set(dataSensitivity).size !== dataSensitivity.length)
      issue(ds, [...path, 'data_sensitivity'], 'data_sensitivity lists a value twice');
  }

  const extraKeys: GleanExtraKey[] = [];
  const extras = field('extra_keys');
  if (extras !== undefined && !(isScalar(extras) && extras.value === null)) {
    const at = [...path, 'extra_keys'];
    if (type !== null && type !== 'event') issue(extras, at, 'extra_keys are only for events');
    else if (!isMap(extras)) issue(extras, at, 'extra_keys is a mapping of key names to their description');
    else
      for (const [name, { key, value }] of entries(extras, at)) {
        if (!EXTRA_KEY.test(name) || name.length > GLEAN_NAME_LIMITS.extraKey) {
          issue(
            key,
            [...at, name],
            `an extra key name is at most ${GLEAN_NAME_LIMITS.extraKey} letters, digits, dots or underscores`,
          );
          continue;
        }
        const d = isMap(value) ? entries(value, [...at, name]).get('description')?.value : undefined;
        if (!isScalar(d) || typeof d.value !== 'string' || d.value.trim() === '') {
          issue(value ?? key, [...at, name, 'description'], 'an extra key needs a description');
          continue;
        }
        extraKeys.push({ name, description: d.value });
      }
  }

  if (found > 0 || type === null || description === null || expires === null) return null;
  return { type, description, bugs, dataReviews, dataSensitivity, notificationEmails, expires, extraKeys };
}

function readExpires(v: Node | undefined, parent: YAMLMap, path: Path, issue: Issue): string | null {
  const message = 'expires is `never`, `expired`, a date (YYYY-MM-DD) or a major version number';
  if (v === undefined) {
    issue(parent, path, 'expires is required');
    return null;
  }
  if (!isScalar(v)) {
    issue(v, path, message);
    return null;
  }
  const value = v.value;
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return String(value);
  if (typeof value === 'string') {
    const s = value.trim();
    if (s === 'never' || s === 'expired' || /^\d+$/.test(s)) return s;
    if (ISO_DATE.test(s) && isCalendarDate(s)) return s;
  }
  issue(v, path, message);
  return null;
}

/** The review draft glean_parser's template would give, ready for `review.create`'s `form`. */
export interface GleanDraft {
  form: DraftRequestForm;
  metrics: ImportedMetric[];
  /** The highest category among the metrics' data_sensitivity; null if none declares one. */
  category: Category | null;
  /** Form fields filled with glean_parser's standard answers: the requester checks them. */
  prefilled: (keyof DraftRequestForm)[];
  /** Not errors, but worth a look (e.g. a metric without data_sensitivity). */
  warnings: GleanIssue[];
}

/** Soonest first: already expired, then dates, then versions, then never. */
function expiryRank(e: string): [number, string | number] {
  if (e === 'expired') return [0, 0];
  if (ISO_DATE.test(e)) return [1, e];
  if (/^\d+$/.test(e)) return [2, Number(e)];
  return [3, 0];
}
const compareExpiry = (a: string, b: string) => {
  const [ra, va] = expiryRank(a);
  const [rb, vb] = expiryRank(b);
  if (ra !== rb) return ra - rb;
  return va < vb ? -1 : va > vb ? 1 : 0;
};

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

/**
 * Question 7 from the metrics' `expires`: one value as it is; several, the soonest first (it is the one that
 * ends the collection period) and then every value. A permanent part names the metrics'
 * notification_emails as the people who monitor it.
 */
export function collectionPeriodFromExpiries(
  metrics: readonly Pick<ImportedMetric, 'expires' | 'notificationEmails'>[],
): {
  expires: string;
  monitoredBy?: string;
} {
  const distinct = [...new Set(metrics.map((m) => m.expires))].sort(compareExpiry);
  const expires =
    distinct.length === 1
      ? (distinct[0] ?? 'never')
      : `${distinct[0]} (parts of this collection expire at different times: ${distinct.join(', ')})`;
  const never = metrics.filter((m) => m.expires === 'never');
  if (never.length === 0) return { expires: clip(expires, FORM_LIMITS.short) };
  const emails = [...new Set(never.flatMap((m) => m.notificationEmails))];
  return {
    expires: clip(expires, FORM_LIMITS.short),
    monitoredBy: clip(emails.join(', '), FORM_LIMITS.short),
  };
}

/**
 * glean_parser's standard answers for a Glean collection (the requester checks them before submitting):
 * question 8 part by part ("All channels, countries, and locales. No filters."), and question 12: Glean sends
 * to Mozilla's own pipeline, no third-party tool.
 */
export const GLEAN_STANDARD_ANSWERS = {
  publicDocumentationUrl: 'https://dictionary.telemetry.mozilla.org',
  populationChannels: 'All channels.',
  populationCountries: 'All countries.',
  populationLocales: 'All locales.',
  populations: 'No filters.',
  turnOffMechanism: "These collections are Glean. The opt-out can be found in the product's preferences.",
  thirdPartyDataPath: 'no_third_party_tool',
} as const satisfies DraftRequestForm;

/** Throws VALIDATION with every issue (file, line, field) when there is any. */
function assertNoIssues(issues: readonly GleanIssue[], total = issues.length): void {
  if (total === 0) return;
  const where = (i: GleanIssue) => `${i.file}${i.line === null ? '' : `:${i.line}`} ${i.field}: ${i.message}`;
  const shown = issues.slice(0, 5).map(where).join('; ');
  const more = total > 5 ? ` (and ${total - 5} more)` : '';
  throw new DomainError('VALIDATION', `The metrics.yaml files have errors: ${shown}${more}.`, {
    field: 'files',
    issues,
    issueCount: total,
  });
}

/**
 * Every file read for one bug: the metrics that list the bug, how many metrics the files define, and the
 * issues (the first GLEAN_LIMITS.issues; `issueCount` counts all). Small whatever the files' size, so handing
 * it from the worker thread back to the request thread costs next to nothing.
 */
export interface ParsedGleanFiles {
  names: string[];
  bug: string;
  metrics: GleanMetric[];
  metricsRead: number;
  issues: GleanIssue[];
  issueCount: number;
}

/**
 * Reads every metrics.yaml of one import: the files' own problems, then a metric defined in two files.
 * Pure and linear in the files' size, so it may run on a worker thread (packages/api/src/glean-parse.ts).
 */
export function parseGleanFiles(files: readonly GleanFile[], bug: string): ParsedGleanFiles {
  if (files.length === 0)
    throw new DomainError('VALIDATION', 'Give at least one metrics.yaml.', { field: 'files' });
  const names = files.map((f) => f.name);
  if (new Set(names).size !== names.length)
    throw new DomainError('VALIDATION', 'Each metrics.yaml is given once (file names repeat).', {
      field: 'files',
    });
  const issues: GleanIssue[] = [];
  const metrics: GleanMetric[] = [];
  for (const file of files) {
    const parsed = parseMetricsYaml(file);
    for (const i of parsed.issues) issues.push(i);
    for (const m of parsed.metrics) metrics.push(m);
  }
  const firstDefinition = new Map<string, GleanMetric>();
  for (const m of metrics) {
    const seen = firstDefinition.get(m.name);
    if (seen)
      issues.push({
        file: m.file,
        line: m.line,
        column: null,
        field: m.name,
        message: `${m.name} is also defined in ${seen.file}:${seen.line}`,
      });
    else firstDefinition.set(m.name, m);
  }
  return {
    names,
    bug,
    metrics: metrics.filter((m) => metricListsBug(m.bugs, bug)),
    metricsRead: metrics.length,
    issues: issues.slice(0, GLEAN_LIMITS.issues),
    issueCount: issues.length,
  };
}

/** The name glean_parser's data review gives an event's extra key: `category.event#key`. */
export const extraKeyRowName = (metric: string, key: string) => `${metric}#${key}`;

/**
 * Reads every metrics.yaml and drafts the request form for `bug` (see `draftFromParsed`). Errors in any file
 * refuse the import.
 */
export function draftFromGlean({
  files,
  bug,
  channels,
}: {
  files: readonly GleanFile[];
  bug: string;
  channels?: ReviewChannels;
}): GleanDraft {
  return draftFromParsed(parseGleanFiles(files, bug), channels);
}

/**
 * The request form for `bug` from files already read: one measurement row per metric whose `bugs` list the
 * bug (name, its whole description on one line, category from data_sensitivity, the tracking bug) and, as
 * glean_parser writes them, one row per extra key of an event (`metric#key`, the key's description); question
 * 7 from `expires`, and glean_parser's standard answers.
 */
export function draftFromParsed(parsed: ParsedGleanFiles, channels?: ReviewChannels): GleanDraft {
  assertNoIssues(parsed.issues, parsed.issueCount);
  const { names, bug, metrics: matching, metricsRead } = parsed;
  if (matching.length === 0)
    throw new DomainError(
      'VALIDATION',
      `No metric in ${names.join(', ')} lists bug ${bug} in its bugs (${metricsRead} metrics read).`,
      { field: 'bug', metricsRead },
    );

  const warnings: GleanIssue[] = [];
  const metrics: ImportedMetric[] = matching.map((m) => {
    const category = categoryOfSensitivity(m.dataSensitivity);
    if (category === null)
      warnings.push({
        file: m.file,
        line: m.line,
        column: null,
        field: `${m.name}.data_sensitivity`,
        message: 'no data_sensitivity: the measurement has no category until someone assigns one',
      });
    return {
      name: m.name,
      file: m.file,
      line: m.line,
      type: m.type,
      dataSensitivity: m.dataSensitivity,
      category,
      expires: m.expires,
      notificationEmails: m.notificationEmails,
      bugs: m.bugs,
      extraKeys: m.extraKeys.map((k) => k.name),
    };
  });

  const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();
  const measurements = matching.flatMap((m) => {
    const category = categoryOfSensitivity(m.dataSensitivity);
    const last = m.bugs[m.bugs.length - 1] ?? bug;
    const common = {
      ...(category === null ? {} : { category }),
      trackingBug: last.length <= FORM_LIMITS.short ? last : bug,
    };
    return [
      { name: m.name, description: oneLine(m.description), ...common },
      ...m.extraKeys.map((k) => ({
        name: extraKeyRowName(m.name, k.name),
        description: oneLine(k.description),
        ...common,
      })),
    ];
  });
  const long = measurements.find((r) => r.description.length > FORM_LIMITS.description);
  if (long)
    throw new DomainError(
      'VALIDATION',
      `The description of ${long.name} has ${long.description.length} characters; a measurement's description is at most ${FORM_LIMITS.description}.`,
      { field: 'files', measurement: long.name },
    );
  if (measurements.length > FORM_LIMITS.measurements)
    throw new DomainError(
      'VALIDATION',
      `Bug ${bug} names ${measurements.length} measurements (metrics and event extra keys); a request lists at most ${FORM_LIMITS.measurements}.`,
      { field: 'bug', measurements: measurements.length },
    );

  let highest: Category | null = null;
  for (const m of metrics)
    if (m.category !== null && (highest === null || m.category > highest)) highest = m.category;

  return {
    form: {
      measurements,
      collectionPeriod: collectionPeriodFromExpiries(metrics),
      ...GLEAN_STANDARD_ANSWERS,
      // The review says which channels it runs on: question 8's first part follows it.
      ...(channels ? { populationChannels: populationChannelsAnswer(channels) } : {}),
    },
    metrics,
    category: highest,
    prefilled: Object.keys(GLEAN_STANDARD_ANSWERS) as (keyof DraftRequestForm)[],
    warnings,
  };
}

/** The measurement rows an import brings: one per metric, one per event extra key. */
export const importedRowNames = (metrics: readonly ImportedMetric[]): Set<string> =>
  new Set(metrics.flatMap((m) => [m.name, ...(m.extraKeys ?? []).map((k) => extraKeyRowName(m.name, k))]));

/**
 * A later import replaces the rows the previous one brought (and rows named like its own) and question 7;
 * measurements added by hand and every other answer stay as written.
 */
export function mergeGleanImport(
  form: DraftRequestForm,
  previous: readonly ImportedMetric[],
  draft: GleanDraft,
): DraftRequestForm {
  const replaced = importedRowNames(previous);
  for (const n of importedRowNames(draft.metrics)) replaced.add(n);
  const kept = (form.measurements ?? []).filter((row) => !(row.name && replaced.has(row.name)));
  // The standard answers fill what is still blank (a form written before question 8 and 12 were asked
  // part by part); nothing the requester wrote is replaced.
  const blanks: DraftRequestForm = {};
  for (const field of draft.prefilled)
    if (isBlank(form[field])) Object.assign(blanks, { [field]: draft.form[field] });
  return {
    ...form,
    ...blanks,
    measurements: [...(draft.form.measurements ?? []), ...kept],
    collectionPeriod: draft.form.collectionPeriod ?? {},
  };
}

/** What the gate needs of the latest Glean import of a review. */
export interface GleanSensitivityFact {
  name: string;
  dataSensitivity: DataSensitivity[];
}

export interface SensitivityMismatch {
  /** The category the metrics' data_sensitivity means (the highest wins). */
  expected: Category;
  /** The review's category. */
  actual: Category;
  /** The metrics above the review's category, or, when the review is classified higher, the highest ones. */
  metrics: { name: string; dataSensitivity: DataSensitivity[]; category: Category }[];
}

/**
 * The review's category against its Glean metrics: the data classification should match the data_sensitivity
 * in the metric definitions. Null when it matches, when no metric declares a sensitivity, or before a steward
 * has assigned a category.
 */
export function dataSensitivityMismatch(
  category: Category | null,
  metrics: readonly GleanSensitivityFact[],
): SensitivityMismatch | null {
  if (category === null) return null;
  const classified = metrics.flatMap((m) => {
    const c = categoryOfSensitivity(m.dataSensitivity);
    return c === null ? [] : [{ name: m.name, dataSensitivity: [...m.dataSensitivity], category: c }];
  });
  if (classified.length === 0) return null;
  const expected = Math.max(...classified.map((m) => m.category)) as Category;
  if (expected === category) return null;
  const shown =
    expected > category
      ? classified.filter((m) => m.category > category)
      : classified.filter((m) => m.category === expected);
  return { expected, actual: category, metrics: shown.sort((a, b) => a.name.localeCompare(b.name)) };
}

export function describeSensitivityMismatch(key: string, m: SensitivityMismatch): string {
  const list = m.metrics
    .slice(0, 5)
    .map((x) => `${x.name} (${x.dataSensitivity.join(', ')})`)
    .join(', ');
  const more = m.metrics.length > 5 ? ` and ${m.metrics.length - 5} more` : '';
  return m.expected > m.actual
    ? `${key} is category ${m.actual} (${CATEGORY_LABELS[m.actual]}), but its Glean metrics' data_sensitivity means category ${m.expected}: ${list}${more}.`
    : `${key} is category ${m.actual} (${CATEGORY_LABELS[m.actual]}), but no Glean metric's data_sensitivity is above category ${m.expected}: ${list}${more}; update data_sensitivity in metrics.yaml and import it again.`;
}
