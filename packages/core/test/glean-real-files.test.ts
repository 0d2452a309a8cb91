import { readdirSync, readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { draftFromGlean, draftRequestFormSchema, type GleanMetric, parseMetricsYaml } from '../src/index.ts';

// The 17 real metrics.yaml files of Mozilla's repositories (../shared/fixtures/glean/SOURCES.md), read where
// they are: never copied into the project.
const DIR = new URL('../../../../shared/fixtures/glean/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR), 'utf8');

/**
 * Metrics and event extra keys per file. Each number was checked three ways: this parser, the independent
 * walk below (a different YAML library, js-yaml, which resolves `<<` merge keys and aliases itself), and for
 * the two Fenix files the counts SOURCES.md gives (530 and 425 metrics).
 */
const EXPECTED: Record<string, { metrics: number; extraKeys: number }> = {
  'application-services-logins-metrics.yaml': { metrics: 5, extraKeys: 0 },
  'application-services-nimbus-metrics.yaml': { metrics: 15, extraKeys: 38 },
  'application-services-places-metrics.yaml': { metrics: 5, extraKeys: 0 },
  'application-services-suggest-metrics.yaml': { metrics: 3, extraKeys: 0 },
  'application-services-sync_manager-metrics.yaml': { metrics: 49, extraKeys: 7 },
  'fenix-app-metrics.yaml': { metrics: 425, extraKeys: 85 },
  'firefox-android-fenix-app-metrics.yaml': { metrics: 530, extraKeys: 146 },
  'firefox-android-focus-android-app-metrics.yaml': { metrics: 130, extraKeys: 58 },
  'firefox-toolkit-components-glean-metrics.yaml': { metrics: 10, extraKeys: 0 },
  'gecko-dev-toolkit-components-glean-tests-test_metrics.yaml': { metrics: 47, extraKeys: 8 },
  'glean-glean-core-metrics.yaml': { metrics: 69, extraKeys: 7 },
  'glean-glean-core-rlb-tests-metrics.yaml': { metrics: 13, extraKeys: 0 },
  'glean-samples-rust-metrics.yaml': { metrics: 21, extraKeys: 2 },
  'glean.js-glean-src-metrics.yaml': { metrics: 28, extraKeys: 9 },
  'glean.js-tests-integration-schema-metrics.yaml': { metrics: 19, extraKeys: 3 },
  'glean_parser-tests-data-all_metrics.yaml': { metrics: 25, extraKeys: 2 },
  'review-mozphab-metrics.yaml': { metrics: 15, extraKeys: 0 },
};

type Plain = Record<string, unknown>;
const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The independent walk: every top-level key but `$…` and `no_lint` is a category, every key of a category
 * (but `$…` and `no_lint`) a metric, every key of an event's extra_keys an extra key. Nothing else.
 */
function walk(text: string) {
  const doc = load(text) as Plain;
  const metrics: { name: string; def: Plain }[] = [];
  for (const [category, body] of Object.entries(doc)) {
    if (category.startsWith('$') || category === 'no_lint' || !isObject(body)) continue;
    for (const [name, def] of Object.entries(body)) {
      if (name.startsWith('$') || name === 'no_lint' || !isObject(def)) continue;
      metrics.push({ name: `${category}.${name}`, def });
    }
  }
  const extraKeys = metrics.reduce(
    (n, m) =>
      n + (m.def.type === 'event' && isObject(m.def.extra_keys) ? Object.keys(m.def.extra_keys).length : 0),
    0,
  );
  return { metrics, extraKeys };
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe("the 17 real metrics.yaml files import as Mozilla's glean_parser reads them", () => {
  it('the fixture folder holds exactly the 17 files counted here', () => {
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length).toBe(17);
  });

  it.each(files)('%s: no issue, and exactly its metrics and event extra keys', (name) => {
    const text = read(name);
    const { metrics, issues } = parseMetricsYaml({ name, text });
    expect(issues).toEqual([]);
    const independent = walk(text);
    const extraKeys = metrics.reduce((n, m) => n + m.extraKeys.length, 0);
    expect({ metrics: metrics.length, extraKeys }).toEqual(EXPECTED[name]);
    expect({ metrics: independent.metrics.length, extraKeys: independent.extraKeys }).toEqual(EXPECTED[name]);

    // Each metric is read exactly as the file says (merge keys resolved, descriptions whole).
    const byName = new Map<string, GleanMetric>(metrics.map((m) => [m.name, m]));
    for (const { name: metric, def } of independent.metrics) {
      const m = byName.get(metric);
      expect(m, metric).toBeDefined();
      expect(m?.type).toBe(def.type);
      expect(m?.description).toBe(def.description);
      expect(m?.expires).toBe(
        def.expires instanceof Date ? def.expires.toISOString().slice(0, 10) : String(def.expires),
      );
      expect(m?.dataSensitivity).toEqual(def.data_sensitivity ?? []);
      const extras = def.type === 'event' && isObject(def.extra_keys) ? def.extra_keys : {};
      expect(m?.extraKeys).toEqual(
        Object.entries(extras).map(([k, v]) => ({ name: k, description: (v as Plain).description })),
      );
    }
  });

  it('every bug of the Nimbus file (events with extra keys) drafts a valid form: a row per metric and per extra key', () => {
    const text = read('application-services-nimbus-metrics.yaml');
    const { metrics } = parseMetricsYaml({ name: 'nimbus.yaml', text });
    const bugs = new Set(
      metrics.flatMap((m) => m.bugs.map((b) => b.match(/(\d+)\/?$/)?.[1] ?? '')).filter(Boolean),
    );
    for (const bug of bugs) {
      const draft = draftFromGlean({ files: [{ name: 'nimbus.yaml', text }], bug });
      const rows = draft.metrics.reduce((n, m) => n + 1 + (m.extraKeys?.length ?? 0), 0);
      expect(draft.form.measurements?.length).toBe(rows);
      expect(draftRequestFormSchema.safeParse(draft.form).success).toBe(true);
    }
  });

  it('the largest file: names above 30 characters, merge keys and long descriptions come through whole', () => {
    const text = read('firefox-android-fenix-app-metrics.yaml');
    const { metrics } = parseMetricsYaml({ name: 'fenix.yaml', text });
    const long = metrics.filter((m) => m.name.split('.').at(-1)!.length > 30);
    expect(long.length).toBe(12);
    const longest = metrics.reduce((a, b) => (b.description.length > a.description.length ? b : a));
    expect(longest.description.length).toBeGreaterThan(2000);
  });
});
