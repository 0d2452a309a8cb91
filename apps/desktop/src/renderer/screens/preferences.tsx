import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { ErrorState, FormError, Loading } from '../components/states.tsx';
import { useSession } from '../session.tsx';

// What the mail about reviews covers, in the words of the notifications themselves (core's composeNotification).
const OPTIONAL = [
  'a review you take part in enters the sensitive review',
  'the documentation changed and your sign-off needs re-confirming',
  'an area records its decision, or requests a mitigation',
  'a mitigation is implemented and waits for your acceptance',
  'an escalation you are part of moves to its next step',
  'a collection asks for a renewal (to data stewards)',
];
const ALWAYS = [
  'reminders of a sign-off that has waited too long for you',
  'the annual survey of the collections you are accountable for, and its reminders',
  'announcements to the data-review mailing list (they go to the list, not to you)',
];

/** The notification preferences: which mail about reviews a person wants, and what is always sent. */
export function Preferences() {
  usePageTitle('Notification preferences');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const current = useQuery(trpc.auth.preferences.queryOptions());
  const [enabled, setEnabled] = useState<boolean | null>(null);
  const saved = useRef<HTMLParagraphElement>(null);
  const save = useMutation({
    mutationFn: (value: boolean) => client.auth.setNotifications.mutate({ enabled: value }),
    onSuccess: () => queryClient.invalidateQueries(trpc.auth.preferences.queryFilter()),
  });
  useEffect(() => {
    if (save.isSuccess) saved.current?.focus();
  }, [save.isSuccess]);
  if (current.isPending) return <Loading what="your preferences" />;
  if (current.isError)
    return <ErrorState error={current.error} retry={() => current.refetch()} what="your preferences" />;
  const value = enabled ?? current.data.notifications;
  const changed = value !== current.data.notifications;
  return (
    <section aria-labelledby="preferences-title" className="preferences">
      <h1 id="preferences-title">Notification preferences</h1>
      <p>
        Mail goes to {me.email}. Choose which mail about reviews you want; some mail is always sent because it
        asks you to act.
      </p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          save.reset();
          save.mutate(value);
        }}
      >
        <fieldset>
          <legend>Mail when something happens on a review</legend>
          <label className="choice">
            <input
              type="radio"
              name="notifications"
              checked={value}
              onChange={() => {
                save.reset();
                setEnabled(true);
              }}
            />
            Send me this mail
          </label>
          <label className="choice">
            <input
              type="radio"
              name="notifications"
              checked={!value}
              onChange={() => {
                save.reset();
                setEnabled(false);
              }}
            />
            Do not send me this mail
          </label>
          <p id="optional-list-title">This mail tells you when:</p>
          <ul aria-labelledby="optional-list-title">
            {OPTIONAL.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </fieldset>
        <div className="actions">
          <button type="submit" disabled={save.isPending || !changed}>
            Save preferences
          </button>
        </div>
        <FormError error={save.error} />
        {save.isSuccess && (
          <p ref={saved} tabIndex={-1} role="status" className="saved">
            Saved.{' '}
            {save.data.enabled ? 'You get mail about reviews.' : 'You no longer get mail about reviews.'}
          </p>
        )}
      </form>
      <section aria-labelledby="always-title" className="card">
        <h2 id="always-title">Always sent</h2>
        <ul>
          {ALWAYS.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    </section>
  );
}
