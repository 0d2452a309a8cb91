import { lazy, Suspense } from 'react';
import { Loading } from '../components/states.tsx';
import type { Route } from '../router.tsx';

// Screens visited now and then (Glean import, renewal, survey, export, preferences) load on first visit,
// so they add nothing to the JavaScript the renderer needs before it can draw.
const GleanImport = lazy(() => import('./glean-import.tsx').then((m) => ({ default: m.GleanImport })));
const GleanReimport = lazy(() => import('./glean-import.tsx').then((m) => ({ default: m.GleanReimport })));
const Renewal = lazy(() => import('./renewal.tsx').then((m) => ({ default: m.Renewal })));
const Export = lazy(() => import('./export.tsx').then((m) => ({ default: m.Export })));
const Surveys = lazy(() => import('./survey.tsx').then((m) => ({ default: m.Surveys })));
const Survey = lazy(() => import('./survey.tsx').then((m) => ({ default: m.Survey })));
const Preferences = lazy(() => import('./preferences.tsx').then((m) => ({ default: m.Preferences })));
/** The lazily loaded screens; null for any other route. */
export function LazyScreen({ route }: { route: Route }) {
  const screen = (() => {
    switch (route.name) {
      case 'glean-import':
        return <GleanImport />;
      case 'glean-reimport':
        return <GleanReimport reviewKey={route.key} />;
      case 'renewal':
        return <Renewal reviewKey={route.key} />;
      case 'export':
        return <Export reviewKey={route.key} />;
      case 'surveys':
        return <Surveys />;
      case 'survey':
        return <Survey year={route.year} />;
      case 'preferences':
        return <Preferences />;
      default:
        return null;
    }
  })();
  if (!screen) return null;
  return <Suspense fallback={<Loading what="the page" />}>{screen}</Suspense>;
}
