import {
  type AnchorHTMLAttributes,
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useState,
} from 'react';

// A tiny history router: a handful of screens do not need a routing library in the initial bundle.
const RouteContext = createContext<{ path: string; navigate: (to: string) => void }>({
  path: '/',
  navigate: () => undefined,
});

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname + window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to: string) => {
    if (to === window.location.pathname + window.location.search) return;
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  };
  return <RouteContext.Provider value={{ path, navigate }}>{children}</RouteContext.Provider>;
}

export const useRoute = () => useContext(RouteContext);

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const { navigate, path } = useRoute();
  return (
    <a
      {...rest}
      href={to}
      aria-current={path === to ? 'page' : undefined}
      onClick={(e) => {
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}

export type Route =
  | { name: 'inbox' }
  | { name: 'new-review' }
  | { name: 'reviews' }
  | { name: 'review'; key: string }
  | { name: 'review-revision'; key: string; number: number }
  | { name: 'dashboard' }
  | { name: 'public-list' }
  | { name: 'public-review'; key: string }
  | { name: 'revisions' }
  | { name: 'revision'; system: string; repository: string; revision: string }
  | { name: 'glean-import' }
  | { name: 'glean-reimport'; key: string }
  | { name: 'renewal'; key: string }
  | { name: 'export'; key: string }
  | { name: 'surveys' }
  | { name: 'survey'; year: number }
  | { name: 'preferences' }
  | { name: 'not-found' };

/** Screens anyone may read without signing in (transparency). */
export const isPublicRoute = (r: Route) => r.name === 'public-list' || r.name === 'public-review';

export function matchRoute(path: string): Route {
  const pathname = path.split('?')[0] ?? '/';
  if (pathname === '/' || pathname === '/inbox') return { name: 'inbox' };
  if (pathname === '/reviews/new') return { name: 'new-review' };
  if (pathname === '/reviews') return { name: 'reviews' };
  if (pathname === '/dashboard') return { name: 'dashboard' };
  if (pathname === '/public') return { name: 'public-list' };
  if (pathname === '/revisions') return { name: 'revisions' };
  if (pathname === '/reviews/import') return { name: 'glean-import' };
  if (pathname === '/surveys') return { name: 'surveys' };
  if (pathname === '/preferences') return { name: 'preferences' };
  const year = /^\/surveys\/(\d{4})$/.exec(pathname);
  if (year?.[1]) return { name: 'survey', year: Number(year[1]) };
  const sub = /^\/reviews\/([A-Za-z]*-?\d{1,15})\/(glean|renewal|export)$/.exec(pathname);
  if (sub?.[1] && sub[2]) {
    const key = sub[1].toUpperCase();
    if (sub[2] === 'glean') return { name: 'glean-reimport', key };
    return { name: sub[2] as 'renewal' | 'export', key };
  }
  const code = /^\/revisions\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(pathname);
  if (code?.[1] && code[2] && code[3]) {
    try {
      const [system, repository, revision] = [code[1], code[2], code[3]].map(decodeURIComponent) as [
        string,
        string,
        string,
      ];
      return { name: 'revision', system, repository, revision };
    } catch {
      return { name: 'not-found' };
    }
  }
  const published = /^\/public\/([A-Za-z]*-?\d{1,15})$/.exec(pathname);
  if (published?.[1]) return { name: 'public-review', key: published[1].toUpperCase() };
  const revision = /^\/reviews\/([A-Za-z]*-?\d{1,15})\/revisions\/(\d{1,9})$/.exec(pathname);
  if (revision?.[1] && revision[2])
    return { name: 'review-revision', key: revision[1].toUpperCase(), number: Number(revision[2]) };
  const review = /^\/reviews\/([A-Za-z]*-?\d{1,15})$/.exec(pathname);
  if (review?.[1]) return { name: 'review', key: review[1].toUpperCase() };
  return { name: 'not-found' };
}
