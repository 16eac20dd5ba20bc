import type { Product } from '../../api/types';
import { Money, Stock } from '../../ui/bits';

export function ProductFacts({ product }: { product: Product }) {
  const attrs = Object.entries(product.attributes);
  return (
    <section className="panel facts" aria-label="Product facts">
      <dl>
        <dt>Price</dt>
        <dd>
          <Money amount={product.price} currency={product.currency} />
        </dd>
        <dt>Category</dt>
        <dd>{product.category || '—'}</dd>
        <dt>Brand</dt>
        <dd>{product.brand || '—'}</dd>
        <dt>Stock</dt>
        <dd>
          <Stock stock={product.stock} inStock={product.in_stock} />
        </dd>
        <dt>Margin</dt>
        <dd>{product.margin === null ? '—' : `${Math.round(product.margin * 100)}%`}</dd>
        <dt>Tags</dt>
        <dd>{product.tags.length ? product.tags.join(', ') : '—'}</dd>
        {attrs.map(([k, v]) => (
          <div key={k} className="dl-row">
            <dt>{k}</dt>
            <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
