import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api.ts';
import { Field } from './field.tsx';

/**
 * The Bugzilla habit (issue 14): submitting names the data steward the proposer requests, as the
 * `data-review?` flag's requestee is named; optional, and any data steward may take the request whoever is
 * named. The list is the API's: active stewards off the proposer's side of `review` (of the caller for a
 * review not yet created).
 */
export function StewardChoice({
  review,
  value,
  onChange,
  disabled,
}: {
  review?: string;
  value: number | null;
  onChange: (id: number | null) => void;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const stewards = useQuery(trpc.steward.list.queryOptions(review === undefined ? undefined : { review }));
  const listed = stewards.data ?? [];
  return (
    <Field
      label="Data steward you request"
      hint="Optional. Any data steward may take the request; the one you name is told and, after two working days without a steward, reminded."
      error={
        stewards.isError ? 'The data stewards could not be loaded; any data steward may take it.' : undefined
      }
    >
      {(p) => (
        <select
          {...p}
          name="requestedStewardId"
          value={value === null ? '' : String(value)}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">Any data steward (any steward may take it)</option>
          {listed.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
