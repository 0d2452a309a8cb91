import { TRPCClientError } from '@trpc/client';
import { useId } from 'react';
import { errorMessage, type Outputs } from '../../api.ts';
import { Field } from '../../components/field.tsx';
import { TEXT_QUESTIONS } from '../../request-form.ts';
import { categoryLabel, DATA_SENSITIVITY_LABELS } from '../../vocabulary.ts';

export interface MetricsFile {
  name: string;
  text: string;
}
export type ImportedMetric = Outputs['glean']['preview']['metrics'][number];
type Issue = { file: string; line: number | null; column: number | null; field: string; message: string };

/** The metrics.yaml files of an import: chosen from disk or pasted, each with the path it has in its repository. */
export function MetricsFilesInput({
  files,
  onChange,
}: {
  files: MetricsFile[];
  onChange: (next: MetricsFile[]) => void;
}) {
  const pickId = useId();
  const freeName = () => {
    const names = new Set(files.map((f) => f.name));
    if (!names.has('metrics.yaml')) return 'metrics.yaml';
    let n = 2;
    while (names.has(`metrics-${n}.yaml`)) n++;
    return `metrics-${n}.yaml`;
  };
  const set = (i: number, patch: Partial<MetricsFile>) =>
    onChange(files.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <fieldset className="metrics-files">
      <legend>metrics.yaml files</legend>
      <p className="hint">
        Choose the files from your checkout, or paste their text. Name each by its path in the repository
        (errors name the file, the line and the field).
      </p>
      <div className="actions">
        <label htmlFor={pickId} className="file-pick">
          Choose metrics.yaml files
        </label>
        <input
          id={pickId}
          type="file"
          multiple
          accept=".yaml,.yml,text/yaml"
          onChange={async (e) => {
            const input = e.currentTarget;
            const chosen = [...(input.files ?? [])];
            const read = await Promise.all(chosen.map(async (f) => ({ name: f.name, text: await f.text() })));
            input.value = '';
            onChange([...files.filter((f) => f.text.trim() !== '' || f.name !== 'metrics.yaml'), ...read]);
          }}
        />
        <button type="button" onClick={() => onChange([...files, { name: freeName(), text: '' }])}>
          Paste a metrics.yaml
        </button>
      </div>
      {files.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a file's name may be edited; its position is its identity
        <fieldset key={i} className="metrics-file">
          <legend>File {i + 1}</legend>
          <Field label={`Path of file ${i + 1}`}>
            {(p) => <input {...p} value={f.name} onChange={(e) => set(i, { name: e.target.value })} />}
          </Field>
          <Field label={`Text of file ${i + 1}`}>
            {(p) => (
              <textarea
                {...p}
                className="code"
                rows={8}
                spellCheck={false}
                value={f.text}
                onChange={(e) => set(i, { text: e.target.value })}
              />
            )}
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange(files.filter((_, j) => j !== i))}
          >
            Remove file {i + 1}
          </button>
        </fieldset>
      ))}
    </fieldset>
  );
}

/** The files as the API takes them: named, with text. */
export const filesToSend = (files: MetricsFile[]) =>
  files.map((f) => ({ name: f.name.trim(), text: f.text })).filter((f) => f.name !== '' || f.text !== '');

/** A refused import: every problem with its file, line and field, or the refusal's message. */
export function ImportProblems({ error }: { error: unknown }) {
  if (!error) return null;
  const details =
    error instanceof TRPCClientError
      ? ((error.data as { details?: { issues?: Issue[]; issueCount?: number } } | undefined)?.details ?? null)
      : null;
  const issues = details?.issues ?? [];
  if (issues.length === 0)
    return (
      <p className="form-error" role="alert">
        {errorMessage(error)}
      </p>
    );
  const total = details?.issueCount ?? issues.length;
  return (
    <div className="import-problems" role="alert">
      <p className="form-error">
        The files were not imported: {total} problem{total === 1 ? '' : 's'} to fix.
      </p>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Problems in the metrics.yaml files</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Line</th>
              <th scope="col">Field</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {issues.map((i, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: two problems may share file, line and field
              <tr key={n}>
                <td>{i.file}</td>
                <td>{i.line ?? '–'}</td>
                <td>
                  <code>{i.field}</code>
                </td>
                <td>{i.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > issues.length && <p>…and {total - issues.length} more not listed.</p>}
    </div>
  );
}

/** Warnings (not errors) of an import, e.g. a metric without data_sensitivity. */
export function ImportWarnings({ warnings }: { warnings: Issue[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="import-warnings">
      <h3>Worth a look</h3>
      <ul>
        {warnings.map((w, n) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no identity
          <li key={n}>
            {w.file}
            {w.line === null ? '' : `, line ${w.line}`}, <code>{w.field}</code>: {w.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The measurements an import makes: one per metric, plus one per event extra key. */
export function MetricsTable({ metrics, caption }: { metrics: ImportedMetric[]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="metrics-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Metric</th>
            <th scope="col">Type</th>
            <th scope="col">Data sensitivity</th>
            <th scope="col">Category</th>
            <th scope="col">Expires</th>
            <th scope="col">Defined in</th>
          </tr>
        </thead>
        <tbody>
          {metrics.map((m) => (
            <tr key={m.name}>
              <td>
                <code>{m.name}</code>
                {m.extraKeys && m.extraKeys.length > 0 && (
                  <small className="meta"> and its extra keys {m.extraKeys.join(', ')}</small>
                )}
              </td>
              <td>{m.type}</td>
              <td>{m.dataSensitivity.map(sensitivityLabel).join(', ') || 'none given'}</td>
              <td>{categoryLabel(m.category)}</td>
              <td>{m.expires}</td>
              <td>
                {m.file}, line {m.line}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const sensitivityLabel = (s: string) =>
  DATA_SENSITIVITY_LABELS[s as keyof typeof DATA_SENSITIVITY_LABELS] ?? s;

/** Form fields an import filled with glean_parser's standard answers, by their questions. */
export function PrefilledFields({ fields }: { fields: string[] }) {
  if (fields.length === 0) return null;
  const question = (f: string) => TEXT_QUESTIONS.find((q) => q.field === f)?.question ?? f;
  return (
    <div>
      <h3>Filled with Glean's standard answers: check them before submitting</h3>
      <ul>
        {fields.map((f) => (
          <li key={f}>{question(f)}</li>
        ))}
      </ul>
    </div>
  );
}

export interface MetricChange {
  name: string;
  change: 'added' | 'removed' | 'changed';
  what: string[];
}

/** What a new import changes against the previous one, metric by metric. */
export function metricChanges(before: ImportedMetric[], after: ImportedMetric[]): MetricChange[] {
  const old = new Map(before.map((m) => [m.name, m]));
  const now = new Map(after.map((m) => [m.name, m]));
  const out: MetricChange[] = [];
  for (const m of after) {
    const b = old.get(m.name);
    if (!b) {
      out.push({ name: m.name, change: 'added', what: [categoryLabel(m.category)] });
      continue;
    }
    const what: string[] = [];
    const sens = (x: ImportedMetric) => x.dataSensitivity.map(sensitivityLabel).join(', ') || 'none';
    if (sens(b) !== sens(m)) what.push(`data sensitivity ${sens(b)} → ${sens(m)}`);
    if (b.category !== m.category) what.push(`${categoryLabel(b.category)} → ${categoryLabel(m.category)}`);
    if (b.expires !== m.expires) what.push(`expires ${b.expires} → ${m.expires}`);
    if (b.type !== m.type) what.push(`type ${b.type} → ${m.type}`);
    const keys = (x: ImportedMetric) => (x.extraKeys ?? []).join(', ');
    if (keys(b) !== keys(m)) what.push(`extra keys ${keys(b) || 'none'} → ${keys(m) || 'none'}`);
    if (what.length) out.push({ name: m.name, change: 'changed', what });
  }
  for (const m of before) if (!now.has(m.name)) out.push({ name: m.name, change: 'removed', what: [] });
  return out;
}

const CHANGE_WORDS = { added: 'Added', removed: 'Removed', changed: 'Changed' } as const;

export function MetricChanges({ changes }: { changes: MetricChange[] }) {
  if (changes.length === 0) return <p>No metric changed against the previous import.</p>;
  return (
    <ul className="metric-changes">
      {changes.map((c) => (
        <li key={`${c.change}-${c.name}`}>
          {CHANGE_WORDS[c.change]} <code>{c.name}</code>
          {c.what.length > 0 && `: ${c.what.join('; ')}`}
        </li>
      ))}
    </ul>
  );
}
