import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { z } from 'zod';
import { canonicalJson } from './canonical-json.ts';
import type { Category, DataSensitivity } from './categories.ts';
import { DomainError } from './errors.ts';
import {
  categoryOfSensitivity,
  GLEAN_LIMITS,
  type GleanIssue,
  type GleanMetric,
  parseMetricsYaml,
} from './glean.ts';

/**
 * What a code change does to Glean metrics: the metrics.yaml files before and after it, compared metric by
 * metric (by `category.name`), every field of the definition counted, `data_sensitivity` included. The
 * policy: a revision "that adds or modifies any data collection" gets needs-data-classification.
 */

export const changedMetricsFileSchema = z
  .object({
    /** The file's path in the repository, e.g. `toolkit/components/glean/metrics.yaml`. */
    path: z.string().trim().min(1).max(GLEAN_LIMITS.fileName),
    /** The text before the change; null when the change adds the file. */
    before: z.string().max(GLEAN_LIMITS.fileChars).nullable(),
    /** The text after the change; null when the change deletes the file. */
    after: z.string().max(GLEAN_LIMITS.fileChars).nullable(),
  })
  .refine((f) => f.before !== null || f.after !== null, {
    message: 'a changed file has a before or an after text (or both)',
  });
export type ChangedMetricsFile = z.output<typeof changedMetricsFileSchema>;

export type MetricChangeKind = 'added' | 'changed' | 'removed';

/** One metric the change adds, changes or removes. */
export interface MetricChange {
  name: string;
  change: MetricChangeKind;
  /** The file and line of the definition after the change (before it, for a removed metric). */
  file: string;
  line: number;
  type: string;
  /** After the change (before it, for a removed metric). */
  dataSensitivity: DataSensitivity[];
  category: Category | null;
  /** Before the change; null for an added metric. */
  dataSensitivityBefore: DataSensitivity[] | null;
  /** The top-level fields that differ (changed metrics), e.g. `['data_sensitivity', 'expires']`. */
  changedFields: string[];
  /** sha256 of the definition after the change: what a classification covers. Null for a removed metric. */
  fingerprint: string | null;
  description: string;
  bugs: string[];
  expires: string;
  notificationEmails: string[];
}

export interface MetricsDiff {
  added: MetricChange[];
  changed: MetricChange[];
  removed: MetricChange[];
}

/** Every top-level field of each metric, as written (after YAML parsing), keyed `category.name`. */
function rawDefinitions(text: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  const root = parse(text, { merge: true, uniqueKeys: false, maxAliasCount: -1 }) as Record<
    string,
    unknown
  > | null;
  for (const [category, metrics] of Object.entries(root ?? {})) {
    if (category.startsWith('$') || category === 'no_lint' || !metrics || typeof metrics !== 'object')
      continue;
    for (const [name, definition] of Object.entries(metrics as Record<string, unknown>)) {
      if (name.startsWith('$') || name === 'no_lint' || !definition || typeof definition !== 'object')
        continue;
      out.set(`${category}.${name}`, definition as Record<string, unknown>);
    }
  }
  return out;
}

const fingerprintOf = (name: string, definition: Record<string, unknown>) =>
  createHash('sha256')
    .update(`${name}\n${canonicalJson(definition)}`)
    .digest('hex');

interface Side {
  metric: GleanMetric;
  raw: Record<string, unknown>;
}

/** Throws VALIDATION naming the file (and which side of the change), line and field of each problem. */
function assertNoIssues(issues: readonly GleanIssue[]): void {
  if (issues.length === 0) return;
  const where = (i: GleanIssue) => `${i.file}${i.line === null ? '' : `:${i.line}`} ${i.field}: ${i.message}`;
  const shown = issues.slice(0, 5).map(where).join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  throw new DomainError('VALIDATION', `The metrics.yaml files have errors: ${shown}${more}.`, {
    field: 'files',
    issues,
  });
}

function readSide(files: readonly ChangedMetricsFile[], side: 'before' | 'after', issues: GleanIssue[]) {
  const out = new Map<string, Side>();
  for (const f of files) {
    const text = f[side];
    if (text === null) continue;
    const name = `${f.path} (${side})`;
    const parsed = parseMetricsYaml({ name, text });
    issues.push(...parsed.issues);
    if (parsed.issues.length > 0) continue;
    const raw = rawDefinitions(text);
    for (const metric of parsed.metrics) {
      const seen = out.get(metric.name);
      if (seen) {
        issues.push({
          file: name,
          line: metric.line,
          column: null,
          field: metric.name,
          message: `${metric.name} is also defined in ${seen.metric.file}:${seen.metric.line}`,
        });
        continue;
      }
      out.set(metric.name, { metric: { ...metric, file: f.path }, raw: raw.get(metric.name) ?? {} });
    }
  }
  return out;
}

const changeOf = (
  kind: MetricChangeKind,
  now: Side,
  before: Side | undefined,
  changedFields: string[],
): MetricChange => ({
  name: now.metric.name,
  change: kind,
  file: now.metric.file,
  line: now.metric.line,
  type: now.metric.type,
  dataSensitivity: now.metric.dataSensitivity,
  category: categoryOfSensitivity(now.metric.dataSensitivity),
  dataSensitivityBefore: before ? before.metric.dataSensitivity : null,
  changedFields,
  fingerprint: kind === 'removed' ? null : fingerprintOf(now.metric.name, now.raw),
  description: now.metric.description,
  bugs: now.metric.bugs,
  expires: now.metric.expires,
  notificationEmails: now.metric.notificationEmails,
});

/**
 * The metrics added, changed (any field) and removed by a change, from each file's text before and after.
 * A metric is matched by its name wherever it is defined, so moving it between files changes nothing.
 * Any error in either version refuses the whole diff, naming the file, side, line and field.
 */
export function diffMetricsFiles(files: readonly ChangedMetricsFile[]): MetricsDiff {
  const paths = files.map((f) => f.path);
  if (new Set(paths).size !== paths.length)
    throw new DomainError('VALIDATION', 'files: each metrics.yaml is given once (paths repeat).', {
      field: 'files',
    });
  const issues: GleanIssue[] = [];
  const before = readSide(files, 'before', issues);
  const after = readSide(files, 'after', issues);
  assertNoIssues(issues);
  const diff: MetricsDiff = { added: [], changed: [], removed: [] };
  for (const [name, now] of after) {
    const was = before.get(name);
    if (!was) {
      diff.added.push(changeOf('added', now, undefined, []));
      continue;
    }
    const fields = [...new Set([...Object.keys(was.raw), ...Object.keys(now.raw)])].sort();
    const changedFields = fields.filter((k) => canonicalJson(was.raw[k]) !== canonicalJson(now.raw[k]));
    if (changedFields.length > 0) diff.changed.push(changeOf('changed', now, was, changedFields));
  }
  for (const [name, was] of before)
    if (!after.has(name)) diff.removed.push(changeOf('removed', was, was, []));
  const byName = (a: MetricChange, b: MetricChange) => a.name.localeCompare(b.name);
  diff.added.sort(byName);
  diff.changed.sort(byName);
  diff.removed.sort(byName);
  return diff;
}
