// What a storefront gets for this product (GET .../recommendations?explain=true), in order.
import { Link } from 'react-router';
import type { Recommendation } from '../../api/types';

export function ServedList({ recs }: { recs: Recommendation[] | undefined }) {
  const served = (recs ?? []).filter((r) => r.in_stock).slice(0, 10);
  return (
    <section className="panel served" aria-label="Served recommendations">
      <h2>Served to shoppers</h2>
      <p className="muted small">The first 10 in-stock items the recommendation API returns.</p>
      {served.length === 0 ? (
        <p className="muted">Nothing is served for this product.</p>
      ) : (
        <ol className="served-list">
          {served.map((r) => (
            <li key={`${r.type}-${r.sku}`} title={r.reasons?.map((x) => x.text).join('\n')}>
              <Link to={`/catalog/${encodeURIComponent(r.sku)}`}>{r.sku}</Link>{' '}
              <span className="small">{r.name}</span>
              <div className="muted small">
                {r.type} · score {r.score}
                {r.position ? ` · pinned #${r.position}` : ''}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
