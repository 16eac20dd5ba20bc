// /bundles: every bundle with whether it is valid now (every member exists, is in stock, passes
// the guidelines).
import { Link } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, Money, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

export function BundlesPage() {
  const { api, may } = useSession();
  const bundles = useResource('bundles', (s) => api.bundles(s));
  const items = bundles.data?.items ?? [];
  return (
    <section>
      <PageHeader title="Bundles">
        {may('write') && (
          <Link className="button-link primary-link" to="/bundles/new">
            New bundle
          </Link>
        )}
      </PageHeader>
      <ErrorNote>{bundles.error}</ErrorNote>
      {!bundles.data && !bundles.error && <Loading what="bundles" />}
      {bundles.data && (
        <table className="data" aria-label="Bundles">
          <thead>
            <tr>
              <th>Name</th>
              <th>ID</th>
              <th className="num">Items</th>
              <th className="num">Price</th>
              <th>Active</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {items.map((b) => (
              <tr key={b.id}>
                <td className="nowrap">
                  <Link to={`/bundles/${encodeURIComponent(b.id)}`}>{b.name || b.id}</Link>
                </td>
                <td>
                  <code>{b.id}</code>
                </td>
                <td className="num">{b.items.length}</td>
                <td className="num nowrap">
                  {b.price ? (
                    <Money amount={b.price.amount} currency={b.price.currency} />
                  ) : b.discount_percent ? (
                    `${b.discount_percent}% off`
                  ) : (
                    <span className="muted">sum of items</span>
                  )}
                </td>
                <td className="small">
                  {b.active_from || b.active_to
                    ? `${b.active_from?.slice(0, 10) ?? '…'} – ${b.active_to?.slice(0, 10) ?? '…'}`
                    : 'always'}
                  {!b.active && <span className="badge warn">not active now</span>}
                </td>
                <td>
                  {b.valid ? (
                    <span className="badge ok">valid</span>
                  ) : (
                    <>
                      <span className="badge bad">invalid</span>
                      <ul className="problems small">
                        {b.problems.map((p) => (
                          <li key={`${p.sku ?? ''}:${p.code}`}>{p.message}</li>
                        ))}
                      </ul>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No bundles yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
