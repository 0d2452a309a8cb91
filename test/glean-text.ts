import { readFileSync } from 'node:fs';

/** A real metrics.yaml from ../shared/fixtures/glean (read-only; never copied into the project). */
export const realMetricsYaml = (name: string) =>
  readFileSync(new URL(`../../shared/fixtures/glean/${name}`, import.meta.url), 'utf8');

/** The text without one metric's definition (`  name:` at indent 2 up to the next key at indent 0 or 2). */
export function withoutMetric(text: string, metric: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `  ${metric}:`);
  if (start < 0) throw new Error(`no metric ${metric}`);
  let end = start + 1;
  while (end < lines.length && !/^ {0,2}\S/.test(lines[end] ?? '')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

/** The text with one metric's data_sensitivity list replaced (the first `data_sensitivity:` after it). */
export function withSensitivity(text: string, metric: string, values: string[]): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `  ${metric}:`);
  if (start < 0) throw new Error(`no metric ${metric}`);
  const at = lines.findIndex((l, i) => i > start && l.trim() === 'data_sensitivity:');
  let end = at + 1;
  while (/^ {6}- /.test(lines[end] ?? '')) end++;
  return [...lines.slice(0, at + 1), ...values.map((v) => `      - ${v}`), ...lines.slice(end)].join('\n');
}
