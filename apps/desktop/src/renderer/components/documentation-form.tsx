import type { FormDraft, Measurement } from '../request-form.ts';
import {
  COLLECTION_PERIOD_OPTIONS,
  emptyMeasurement,
  highestCategory,
  SECTION_LABELS,
  TEXT_QUESTIONS,
} from '../request-form.ts';
import { Field } from './field.tsx';

/** The request form (questions, measurements, collection period), controlled by its parent. */
export function DocumentationForm({
  value,
  onChange,
  errors,
}: {
  value: FormDraft;
  onChange: (next: FormDraft) => void;
  errors: Record<string, string>;
}) {
  const category = highestCategory(value) ?? 1;
  const measurements = value.measurements ?? [];
  const setMeasurement = (i: number, patch: Partial<Measurement>) =>
    onChange({ ...value, measurements: measurements.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const sections = (['request', 'sensitive', 'category_4'] as const).filter(
    (s) => s === 'request' || (s === 'sensitive' && category >= 3) || (s === 'category_4' && category >= 4),
  );
  return (
    <div className="documentation-form">
      {sections.map((section) => (
        <fieldset key={section}>
          <legend>{SECTION_LABELS[section]}</legend>
          {TEXT_QUESTIONS.filter((q) => q.section === section).map((q) => (
            <Field key={q.field} label={q.question} error={errors[q.field]}>
              {(props) => (
                <textarea
                  {...props}
                  name={q.field}
                  rows={3}
                  value={value[q.field] ?? ''}
                  onChange={(e) => onChange({ ...value, [q.field]: e.target.value })}
                />
              )}
            </Field>
          ))}
          {section === 'request' && (
            <>
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
                          onChange={(e) =>
                            setMeasurement(i, { category: Number(e.target.value) as 1 | 2 | 3 | 4 })
                          }
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
                      onClick={() =>
                        onChange({ ...value, measurements: measurements.filter((_, j) => j !== i) })
                      }
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
              <fieldset>
                <legend>Collection period</legend>
                <div role="radiogroup" aria-label="How long will this data be collected?">
                  {COLLECTION_PERIOD_OPTIONS.map((o) => (
                    <label key={o.choice}>
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
                <Field
                  label="Monitored by (for a permanent collection)"
                  error={errors['collectionPeriod.monitoredBy']}
                >
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
            </>
          )}
        </fieldset>
      ))}
    </div>
  );
}
