import type { FormDraft, FormQuestion, Measurement } from '../request-form.ts';
import {
  COLLECTION_PERIOD_OPTIONS,
  emptyMeasurement,
  highestCategory,
  isTextQuestion,
  QUESTION_GROUPS,
  SECTION_LABELS,
  TEXT_QUESTIONS,
  THIRD_PARTY_OPTIONS,
  usesThirdPartyTool,
} from '../request-form.ts';
import { Field } from './field.tsx';

type Props = {
  value: FormDraft;
  onChange: (next: FormDraft) => void;
  errors: Record<string, string>;
};

/**
 * The request form, controlled by its parent: request.md's twelve questions in its order (question 8 asked
 * part by part, question 12 with where the data goes), then the policy's sensitive and category 4 parts.
 */
export function DocumentationForm({ value, onChange, errors }: Props) {
  const category = highestCategory(value) ?? 1;
  const sections = (['sensitive', 'category_4'] as const).filter(
    (s) => (s === 'sensitive' && category >= 3) || (s === 'category_4' && category >= 4),
  );
  return (
    <div className="documentation-form">
      <fieldset>
        <legend>{SECTION_LABELS.request}</legend>
        {QUESTION_GROUPS.filter((g) => g.questions[0]?.section === 'request').map((g) =>
          g.questions.length === 1 && g.questions[0] ? (
            <Question key={g.questions[0].field} q={g.questions[0]} {...{ value, onChange, errors }} />
          ) : (
            <fieldset key={g.number} className="question-group">
              <legend>{g.heading ?? g.questions[0]?.question}</legend>
              {g.questions.map((q) => (
                <Question key={q.field} q={q} {...{ value, onChange, errors }} />
              ))}
            </fieldset>
          ),
        )}
      </fieldset>
      {sections.map((section) => (
        <fieldset key={section}>
          <legend>{SECTION_LABELS[section]}</legend>
          {TEXT_QUESTIONS.filter((q) => q.section === section).map((q) => (
            <Question key={q.field} q={q} {...{ value, onChange, errors }} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

/** One question of the form, by what it asks for. */
function Question({ q, value, onChange, errors }: Props & { q: FormQuestion }) {
  if (q.field === 'measurements') return <Measurements {...{ value, onChange, errors }} />;
  if (q.field === 'collectionPeriod') return <CollectionPeriod {...{ value, onChange, errors }} />;
  if (q.field === 'thirdPartyDataPath')
    return (
      <div
        role="radiogroup"
        aria-label={q.question}
        aria-describedby={errors.thirdPartyDataPath ? 'thirdPartyDataPath-error' : undefined}
        className={`field${errors.thirdPartyDataPath ? ' field-invalid' : ''}`}
      >
        <p className="question">{q.question}</p>
        {THIRD_PARTY_OPTIONS.map(([path, label]) => (
          <label key={path} className="choice">
            <input
              type="radio"
              name="thirdPartyDataPath"
              value={path}
              checked={value.thirdPartyDataPath === path}
              onChange={() => onChange({ ...value, thirdPartyDataPath: path })}
            />
            {label}
          </label>
        ))}
        {errors.thirdPartyDataPath && (
          <small id="thirdPartyDataPath-error" className="field-error">
            {errors.thirdPartyDataPath}
          </small>
        )}
      </div>
    );
  if (!isTextQuestion(q)) return null;
  const field = q.field;
  const hint =
    field === 'thirdPartyTools'
      ? usesThirdPartyTool(value.thirdPartyDataPath)
        ? 'Required: a third-party tool is used.'
        : 'Only when a third-party tool is used.'
      : undefined;
  return (
    <Field label={q.question} error={errors[field]} {...(hint ? { hint } : {})}>
      {(props) => (
        <textarea
          {...props}
          name={field}
          rows={q.number === 8 ? 2 : 3}
          value={value[field] ?? ''}
          onChange={(e) => onChange({ ...value, [field]: e.target.value })}
        />
      )}
    </Field>
  );
}

/** Question 5: every measurement with its category and tracking bug. */
function Measurements({ value, onChange, errors }: Props) {
  const measurements = value.measurements ?? [];
  const setMeasurement = (i: number, patch: Partial<Measurement>) =>
    onChange({ ...value, measurements: measurements.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  return (
    <fieldset className="measurements">
      <legend>Measurements and their categories</legend>
      {errors.measurements && <small className="field-error">{errors.measurements}</small>}
      {measurements.map((m, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their position
        <fieldset className="measurement" key={i}>
          <legend>Measurement {i + 1}</legend>
          <Field label="Name" error={errors[`measurements[${i}].name`]}>
            {(p) => (
              <input
                {...p}
                name={`measurement-${i}-name`}
                value={m.name ?? ''}
                onChange={(e) => setMeasurement(i, { name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Description" error={errors[`measurements[${i}].description`]}>
            {(p) => (
              <input
                {...p}
                name={`measurement-${i}-description`}
                value={m.description ?? ''}
                onChange={(e) => setMeasurement(i, { description: e.target.value })}
              />
            )}
          </Field>
          <Field label="Category" error={errors[`measurements[${i}].category`]}>
            {(p) => (
              <select
                {...p}
                name={`measurement-${i}-category`}
                value={m.category ?? 1}
                onChange={(e) => setMeasurement(i, { category: Number(e.target.value) as 1 | 2 | 3 | 4 })}
              >
                <option value={1}>1 – technical</option>
                <option value={2}>2 – interaction</option>
                <option value={3}>3 – stored content & communications</option>
                <option value={4}>4 – highly sensitive</option>
              </select>
            )}
          </Field>
          <Field label="Tracking bug" error={errors[`measurements[${i}].trackingBug`]}>
            {(p) => (
              <input
                {...p}
                name={`measurement-${i}-trackingBug`}
                value={m.trackingBug ?? ''}
                onChange={(e) => setMeasurement(i, { trackingBug: e.target.value })}
              />
            )}
          </Field>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ ...value, measurements: measurements.filter((_, j) => j !== i) })}
          >
            Remove measurement {i + 1}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => onChange({ ...value, measurements: [...measurements, emptyMeasurement()] })}
      >
        Add a measurement
      </button>
    </fieldset>
  );
}

/** Question 7: the template's three choices, and what each one needs. */
function CollectionPeriod({ value, onChange, errors }: Props) {
  return (
    <fieldset className="collection-period">
      <legend>Collection period: how long will this data be collected?</legend>
      {/* One choice per line, each its own label; the fieldset's legend names them (issue 15). */}
      <div className="choices">
        {COLLECTION_PERIOD_OPTIONS.map((o) => (
          <label key={o.choice} className="choice">
            <input
              type="radio"
              name="collectionPeriod.choice"
              value={o.choice}
              checked={value.collectionPeriod?.choice === o.choice}
              onChange={() =>
                onChange({
                  ...value,
                  collectionPeriod: {
                    ...value.collectionPeriod,
                    choice: o.choice,
                    expires: o.expires ?? '',
                  },
                })
              }
            />
            {o.label}
          </label>
        ))}
      </div>
      <Field
        label={
          value.collectionPeriod?.choice === 'until_date'
            ? 'Until date (MM-DD-YYYY)'
            : 'Expires (a date, “6 months initially”, “never”, or a version)'
        }
        error={errors['collectionPeriod.expires']}
      >
        {(p) => (
          <input
            {...p}
            name="collectionPeriod.expires"
            value={value.collectionPeriod?.expires ?? ''}
            onChange={(e) =>
              onChange({
                ...value,
                collectionPeriod: { ...value.collectionPeriod, expires: e.target.value },
              })
            }
          />
        )}
      </Field>
      <Field label="Monitored by (for a permanent collection)" error={errors['collectionPeriod.monitoredBy']}>
        {(p) => (
          <input
            {...p}
            name="collectionPeriod.monitoredBy"
            value={value.collectionPeriod?.monitoredBy ?? ''}
            onChange={(e) =>
              onChange({
                ...value,
                collectionPeriod: { ...value.collectionPeriod, monitoredBy: e.target.value },
              })
            }
          />
        )}
      </Field>
    </fieldset>
  );
}
