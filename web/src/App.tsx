import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { SignInPage } from './auth/SignInPage';
import { useAuth } from './auth/session';
import { BundleEditorPage } from './pages/bundles/BundleEditorPage';
import { BundlesPage } from './pages/bundles/BundlesPage';
import { CatalogPage } from './pages/catalog/CatalogPage';
import { ProductPage } from './pages/catalog/ProductPage';
import { GuidelinesPage } from './pages/guidelines/GuidelinesPage';
import { IntakePage } from './pages/intake/IntakePage';
import { ReportsPage } from './pages/reports/ReportsPage';
import { RulesPage } from './pages/rules/RulesPage';
import { SuggestionsPage } from './pages/suggestions/SuggestionsPage';
import { WeightsPage } from './pages/weights/WeightsPage';
import { Loading } from './ui/bits';
import { Shell } from './ui/Shell';

// React Flow and the image export are most of the bundle: loaded with the graph page only.
const GraphPage = lazy(() =>
  import('./pages/graph/GraphPage').then((m) => ({ default: m.GraphPage })),
);

function Graph() {
  return (
    <Suspense fallback={<Loading what="the graph view" />}>
      <GraphPage />
    </Suspense>
  );
}

export function App() {
  const { session, checking } = useAuth();
  if (checking) {
    return (
      <main className="signin">
        <Loading what="your session" />
      </main>
    );
  }
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<Shell />}>
        <Route index element={<Navigate to="/catalog" replace />} />
        <Route path="catalog" element={<CatalogPage />} />
        <Route path="catalog/:sku" element={<ProductPage />} />
        <Route path="graph" element={<Graph />} />
        <Route path="graph/:sku" element={<Graph />} />
        <Route path="bundles" element={<BundlesPage />} />
        <Route path="bundles/new" element={<BundleEditorPage />} />
        <Route path="bundles/:id" element={<BundleEditorPage />} />
        <Route path="rules" element={<RulesPage />} />
        <Route path="weights" element={<WeightsPage />} />
        <Route path="suggestions" element={<SuggestionsPage />} />
        <Route path="intake" element={<IntakePage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="guidelines" element={<GuidelinesPage />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Not found</h1>
      <p>There is no console page at this address.</p>
    </section>
  );
}
