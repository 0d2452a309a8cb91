import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { errorMessage, fieldIssues, useTRPC } from '../api.ts';
import { Field } from '../components/field.tsx';
import { usePageTitle } from '../components/page-title.ts';
import { platform } from '../platform.ts';
import { Link } from '../router.tsx';
import { beginSingleSignOn, takeSsoCodeFromLocation, takeVerifier } from '../sso.ts';

export function SignIn({
  apiBase,
  onSignedIn,
}: {
  apiBase: string;
  onSignedIn: (token: string) => Promise<void>;
}) {
  const trpc = useTRPC();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [serverUrl, setServerUrl] = useState(apiBase);
  const [serverError, setServerError] = useState<string | undefined>();
  const signIn = useMutation(trpc.auth.signIn.mutationOptions());
  const issues = signIn.error ? fieldIssues(signIn.error) : {};
  const errorRef = useRef<HTMLParagraphElement>(null);
  // A refused sign-in: focus goes to the reason (read out at once), not to the page body.
  useEffect(() => {
    if (signIn.error) errorRef.current?.focus();
  }, [signIn.error]);
  usePageTitle('Sign in');
  const methods = useQuery(trpc.sso.methods.queryOptions());
  const singleSignOn = methods.data?.singleSignOn ?? null;
  const passwordSignIn = methods.data?.password ?? true;
  const exchange = useMutation(trpc.sso.exchange.mutationOptions());
  const [sso, setSso] = useState<{ waiting: boolean; error?: string }>({ waiting: false });
  const signedInRef = useRef(onSignedIn);
  signedInRef.current = onSignedIn;
  const exchangeRef = useRef(exchange.mutate);
  exchangeRef.current = exchange.mutate;

  // The end of a single sign-on: the code from this tab's address (web) or from the deep link (desktop).
  useEffect(() => {
    const finish = (code: string) => {
      const verifier = takeVerifier();
      if (!verifier) {
        setSso({ waiting: false, error: 'This sign-in was not started in this window. Start it again.' });
        return;
      }
      setSso({ waiting: true });
      exchangeRef.current(
        { code, verifier },
        {
          onSuccess: async (r) => {
            await signedInRef.current(r.token);
          },
          onError: (err) => setSso({ waiting: false, error: errorMessage(err) }),
        },
      );
    };
    const fromLocation = takeSsoCodeFromLocation();
    if (fromLocation) finish(fromLocation);
    void platform.takeSsoCode().then((code) => {
      if (code) finish(code);
    });
    return platform.onSsoCode(finish);
  }, []);

  const startSingleSignOn = async () => {
    try {
      const url = await beginSingleSignOn(apiBase, platform.kind === 'desktop' ? 'desktop' : 'web');
      setSso({ waiting: true });
      await platform.openSignIn(url);
    } catch (err) {
      setSso({ waiting: false, error: errorMessage(err) });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (platform.kind === 'desktop' && serverUrl !== apiBase) {
      // Another server: main saves it, allows its origin and reloads the window with the new CSP.
      try {
        await platform.setServerUrl(serverUrl);
      } catch (err) {
        setServerError(errorMessage(err));
      }
      return;
    }
    signIn.mutate(
      { email, password },
      {
        onSuccess: async (r) => {
          await onSignedIn(r.token);
        },
      },
    );
  };

  return (
    <main className="sign-in" id="content">
      <h1>Sign in to the sign-off tracker</h1>
      <form onSubmit={submit} noValidate aria-describedby={signIn.error ? 'sign-in-error' : undefined}>
        {platform.kind === 'desktop' && (
          <Field
            label="Server URL"
            hint="The sign-off tracker server, e.g. https://signoff.example.org"
            error={serverError}
          >
            {(p) => (
              <input
                {...p}
                type="url"
                name="serverUrl"
                required
                value={serverUrl}
                onChange={(e) => setServerUrl(e.target.value)}
              />
            )}
          </Field>
        )}
        {singleSignOn && (
          <div className="sso">
            <button type="button" onClick={startSingleSignOn} disabled={sso.waiting}>
              Sign in with {singleSignOn.label}
            </button>
            {sso.waiting && platform.kind === 'desktop' && (
              <p role="status">Finish signing in in your browser; the app continues by itself.</p>
            )}
            {sso.error && (
              <p id="sso-error" className="form-error" role="alert">
                {sso.error}
              </p>
            )}
          </div>
        )}
        {passwordSignIn && (
          <>
            <Field label="Email" error={issues.email}>
              {(p) => (
                <input
                  {...p}
                  type="email"
                  name="email"
                  autoComplete="username"
                  required
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                />
              )}
            </Field>
            <Field label="Password" error={issues.password}>
              {(p) => (
                <input
                  {...p}
                  type="password"
                  name="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              )}
            </Field>
            {signIn.error && (
              <p id="sign-in-error" className="form-error" role="alert" tabIndex={-1} ref={errorRef}>
                {errorMessage(signIn.error)}
              </p>
            )}
            <button type="submit" disabled={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </>
        )}
      </form>
      <p className="public-link">
        No account? <Link to="/public">Read the public reviews and their decisions</Link> without signing in.
      </p>
    </main>
  );
}
