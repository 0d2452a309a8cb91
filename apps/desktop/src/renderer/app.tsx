import {
  QueryCache,
  QueryClient,
  QueryClientProvider,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient, isUnauthorized, TRPCProvider, useTRPC, useTRPCClient } from './api.ts';
import { usePageTitle } from './components/page-title.ts';
import { ErrorState, Loading } from './components/states.tsx';
import { inboxCount } from './inbox-items.ts';
import { platform } from './platform.ts';
import { isPublicRoute, Link, matchRoute, type Route, RouterProvider, useRoute } from './router.tsx';
import { Dashboard } from './screens/dashboard.tsx';
import { Inbox } from './screens/inbox.tsx';
import { LazyScreen } from './screens/lazy-screens.tsx';
import { NewReview } from './screens/new-review.tsx';
import { ReviewPage } from './screens/review-page.tsx';
import { ReviewRevisionPage } from './screens/review-revision.tsx';
import { Reviews } from './screens/reviews.tsx';
import { RevisionPage, RevisionQueue } from './screens/revisions.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { PublicReviewPage, PublicReviews } from './screens/transparency.tsx';
import { SessionContext } from './session.tsx';
import { useInboxNotifications } from './use-inbox-notifications.ts';

interface Boot {
  apiBase: string;
  token: string | null;
}

/** Loads the API base and any kept session, then sets up tRPC and TanStack Query around the screens. */
export function App() {
  const [boot, setBoot] = useState<Boot | { error: unknown } | null>(null);
  useEffect(() => {
    Promise.all([platform.apiBase(), platform.getToken()])
      .then(([apiBase, token]) => setBoot({ apiBase, token }))
      .catch((error: unknown) => setBoot({ error }));
  }, []);
  if (!boot) return <Loading what="the sign-off tracker" />;
  if ('error' in boot) return <ErrorState error={boot.error} what="the app settings" />;
  return (
    <RouterProvider>
      <Connected boot={boot} />
    </RouterProvider>
  );
}

function Connected({ boot }: { boot: Boot }) {
  const tokenRef = useRef<string | null>(boot.token);
  const [token, setToken] = useState(boot.token);
  const signedOutRef = useRef<() => void>(() => undefined);
  const queryClient = useMemo(
    () =>
      new QueryClient({
        queryCache: new QueryCache({
          // A session that expired or was revoked elsewhere: back to the sign-in screen.
          onError: (err) => {
            if (isUnauthorized(err)) signedOutRef.current();
          },
        }),
        defaultOptions: {
          queries: {
            retry: (n, err) => !isUnauthorized(err) && n < 1,
            refetchOnWindowFocus: false,
            staleTime: 5_000,
          },
        },
      }),
    [],
  );
  const trpcClient = useMemo(() => createApiClient(boot.apiBase, () => tokenRef.current), [boot.apiBase]);
  const setSession = async (next: string | null) => {
    tokenRef.current = next;
    if (next) await platform.setToken(next);
    else await platform.clearToken();
    queryClient.clear();
    setToken(next);
  };
  signedOutRef.current = () => {
    void setSession(null);
  };
  // Signed out in another tab (browser): this tab follows.
  useEffect(() => platform.onSignedOutElsewhere(() => signedOutRef.current()), []);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {token ? (
          <SignedIn onSignedOut={() => setSession(null)} />
        ) : (
          <SignedOut apiBase={boot.apiBase} onSignedIn={(t) => setSession(t)} />
        )}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** Without a session: the transparency pages, or the sign-in screen for everything else. */
function SignedOut(props: { apiBase: string; onSignedIn: (token: string) => Promise<void> }) {
  const { path } = useRoute();
  const route = matchRoute(path);
  const publicRoute = isPublicRoute(route);
  usePageTitle(publicRoute ? routeTitle(route) : null);
  if (!publicRoute) return <SignIn {...props} />;
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-name">Sign-off tracker</span>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link to="/public">Public reviews</Link>
            </li>
            <li>
              <Link to="/">Sign in</Link>
            </li>
          </ul>
        </nav>
      </header>
      <main id="content" tabIndex={-1}>
        <PublicScreen route={route} />
      </main>
    </div>
  );
}

/** The window title of each screen; a review names itself (its key and title) once loaded. */
function routeTitle(route: Route): string | null {
  switch (route.name) {
    case 'inbox':
      return 'Inbox';
    case 'new-review':
      return 'New review';
    case 'reviews':
      return null; // names itself with its search (screens/reviews.tsx)
    case 'dashboard':
      return 'Dashboard';
    case 'revisions':
      return 'Revisions in code review';
    case 'revision':
      return `Revision ${route.revision}`;
    case 'public-list':
      return 'Public reviews';
    case 'public-review':
      return `${route.key} (public)`;
    case 'review':
      return null;
    case 'review-revision':
      return `${route.key}, revision ${route.number}`;
    case 'not-found':
      return 'Page not found';
    // These screens name themselves with their subject ("Renewal of DR-2").
    case 'glean-import':
    case 'glean-reimport':
    case 'renewal':
    case 'export':
    case 'surveys':
    case 'survey':
    case 'preferences':
      return null;
  }
}

function PublicScreen({ route }: { route: ReturnType<typeof matchRoute> }) {
  if (route.name === 'public-review') return <PublicReviewPage reviewKey={route.key} />;
  return <PublicReviews />;
}

function SignedIn({ onSignedOut }: { onSignedOut: () => Promise<void> }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const { navigate } = useRoute();
  useEffect(() => {
    const take = async () => {
      const path = await platform.takeDeepLink();
      if (path) navigate(path);
    };
    void take();
    return platform.onDeepLink((path) => navigate(path));
  }, [navigate]);
  if (me.isPending) return <Loading what="your account" />;
  if (me.isError) return <ErrorState error={me.error} retry={() => me.refetch()} what="your account" />;
  const signOut = async () => {
    await client.auth.signOut.mutate().catch(() => undefined);
    queryClient.clear();
    await onSignedOut();
  };
  return (
    <SessionContext.Provider value={{ me: me.data, signOut }}>
      <Shell />
    </SessionContext.Provider>
  );
}

function Shell() {
  useInboxNotifications();
  const { path } = useRoute();
  const route = matchRoute(path);
  usePageTitle(routeTitle(route));
  const mainRef = useRef<HTMLElement>(null);
  // Keyboard and screen reader users land on the new screen's content after a navigation.
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each route change
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [path]);
  return (
    <div className="shell">
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <Header />
      <main id="content" ref={mainRef} tabIndex={-1}>
        {route.name === 'inbox' && <Inbox />}
        {route.name === 'new-review' && <NewReview />}
        {route.name === 'review' && <ReviewPage reviewKey={route.key} />}
        {route.name === 'review-revision' && (
          <ReviewRevisionPage reviewKey={route.key} number={route.number} />
        )}
        {route.name === 'reviews' && <Reviews />}
        {route.name === 'dashboard' && <Dashboard />}
        {route.name === 'revisions' && <RevisionQueue />}
        {route.name === 'revision' && <RevisionPage route={route} />}
        {isPublicRoute(route) && <PublicScreen route={route} />}
        <LazyScreen route={route} />
        {route.name === 'not-found' && (
          <section aria-labelledby="nf-title">
            <h1 id="nf-title">Page not found</h1>
            <p>
              Nothing lives at {path}. <Link to="/">Go to the inbox</Link>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

/** The Inbox link with the number of steps blocked on me now (issue 15: attention). */
function InboxLink() {
  const trpc = useTRPC();
  const inbox = useQuery(trpc.inbox.mine.queryOptions());
  const n = inbox.data ? inboxCount(inbox.data) : 0;
  return (
    <Link to="/">
      Inbox
      {n > 0 && (
        <>
          {' '}
          <span className="nav-count">
            {n}
            <span className="visually-hidden"> waiting for you</span>
          </span>
        </>
      )}
    </Link>
  );
}

function Header() {
  const session = useSessionSafe();
  const [busy, setBusy] = useState(false);
  return (
    <header className="app-header">
      <span className="app-name">Sign-off tracker</span>
      <nav aria-label="Main">
        <ul>
          <li>
            <InboxLink />
          </li>
          <li>
            <Link to="/reviews/new">New review</Link>
          </li>
          <li>
            <Link to="/reviews">Reviews</Link>
          </li>
          <li>
            <Link to="/dashboard">Dashboard</Link>
          </li>
          {(session?.me.isSteward || session?.me.isAdmin) && (
            <li>
              <Link to="/revisions">Revisions</Link>
            </li>
          )}
          <li>
            <Link to="/surveys">Annual survey</Link>
          </li>
          <li>
            <Link to="/public">Public reviews</Link>
          </li>
        </ul>
      </nav>
      {session && (
        <div className="account">
          <span title={session.me.email}>{session.me.displayName}</span>
          <Link to="/preferences">Preferences</Link>
          <button
            type="button"
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              await session.signOut();
            }}
          >
            Sign out
          </button>
        </div>
      )}
    </header>
  );
}

function useSessionSafe() {
  return useContext(SessionContext);
}
