import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC, useTRPCClient } from '../api.ts';
import { usePageTitle } from '../components/page-title.ts';
import { ErrorState, FormError, Loading } from '../components/states.tsx';
import { useSession } from '../session.tsx';

type Kinds = Record<string, boolean>;

/** The words of a saved choice: how many kinds of mail are on. */
const savedWords = (kinds: { enabled: boolean }[]) => {
  const on = kinds.filter((k) => k.enabled).length;
  if (on === 0) return 'You no longer get mail about reviews, only what is always sent.';
  if (on === kinds.length) return 'You get every kind of mail about reviews.';
  return `You get ${on} of the ${kinds.length} kinds of mail about reviews.`;
};

/** The notification preferences: which kinds of mail about reviews a person wants, and what is always sent. */
export function Preferences() {
  usePageTitle('Notification preferences');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const { me } = useSession();
  const current = useQuery(trpc.auth.preferences.queryOptions());
  // What the person changed and has not saved yet, by kind.
  const [changes, setChanges] = useState<Kinds>({});
  const saved = useRef<HTMLParagraphElement>(null);
  const save = useMutation({
    mutationFn: (kinds: Kinds) => client.auth.setNotificationKinds.mutate({ kinds }),
    onSuccess: (prefs) => {
      setChanges({});
      queryClient.setQueryData(trpc.auth.preferences.queryKey(), prefs);
    },
  });
  useEffect(() => {
    if (save.isSuccess) saved.current?.focus();
  }, [save.isSuccess]);
  if (current.isPending) return <Loading what="your preferences" />;
  if (current.isError)
    return <ErrorState error={current.error} retry={() => current.refetch()} what="your preferences" />;
  const kinds = current.data.kinds;
  const shown = (kind: string, enabled: boolean) => changes[kind] ?? enabled;
  const changed = Object.entries(changes).filter(
    ([kind, on]) => kinds.find((k) => k.kind === kind)?.enabled !== on,
  );
  const setAll = (on: boolean) => {
    save.reset();
    setChanges(Object.fromEntries(kinds.map((k) => [k.kind, on])));
  };
  return (
    <section aria-labelledby="preferences-title" className="preferences">
      <h1 id="preferences-title">Notification preferences</h1>
      <p>
        Mail goes to {me.email}. Choose which kinds of mail about reviews you want; some mail is always sent
        because it asks you to act.
      </p>
      <form
        className="card"
        onSubmit={(e) => {
          e.preventDefault();
          save.reset();
          save.mutate(Object.fromEntries(changed));
        }}
      >
        <fieldset>
          <legend>Send me mail when</legend>
          {kinds.map((k) => (
            <label className="choice" key={k.kind}>
              <input
                type="checkbox"
                name={k.kind}
                checked={shown(k.kind, k.enabled)}
                onChange={(e) => {
                  save.reset();
                  setChanges((c) => ({ ...c, [k.kind]: e.target.checked }));
                }}
              />
              {k.label}
            </label>
          ))}
        </fieldset>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => setAll(true)}>
            Choose all
          </button>
          <button type="button" className="secondary" onClick={() => setAll(false)}>
            Choose none
          </button>
          <button type="submit" disabled={save.isPending || changed.length === 0}>
            Save preferences
          </button>
        </div>
        <FormError error={save.error} />
        {save.isSuccess && (
          <p ref={saved} tabIndex={-1} role="status" className="saved">
            Saved. {savedWords(save.data.kinds)}
          </p>
        )}
      </form>
      <section aria-labelledby="always-title" className="card">
        <h2 id="always-title">Always sent</h2>
        <ul>
          {current.data.alwaysSent.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
    </section>
  );
}
