import { type ReactNode, useId } from 'react';
import { Context } from './naming.tsx';

/** A labelled control with its hint and inline error, wired with aria-describedby. */
export function Field({
  label,
  context,
  hint,
  error,
  children,
}: {
  label: string;
  /** What the field is for, read after the label by a screen reader when the screen has several alike. */
  context?: string | undefined;
  hint?: string;
  error?: string | undefined;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {context && <Context>{context}</Context>}
      </label>
      {hint && (
        <small id={hintId} className="hint">
          {hint}
        </small>
      )}
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {}),
      })}
      {error && (
        <small id={errorId} className="field-error">
          {error}
        </small>
      )}
    </div>
  );
}
