// /catalog: search and filter products (text, category, brand, price range, stock, coverage).
// The filters live in the URL, so a filtered list can be shared and Back returns to it.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { ProductQuery } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, Money, PageHeader, Stock } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';

const PAGE = 50;
const FIELDS = ['q', 'category', 'brand', 'min_price', 'max_price', 'in_stock', 'covered'] as const;
type Field = (typeof FIELDS)[number];

function tri(v: string | null): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export function CatalogPage() {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const [cursors, setCursors] = useState<string[]>([]);
  const value = (f: Field) => params.get(f) ?? '';

  // Typing is debounced; the URL (and so the request) follows once it settles.
  const [draft, setDraft] = useState<Record<Field, string>>(() => {
    const d = {} as Record<Field, string>;
    for (const f of FIELDS) d[f] = params.get(f) ?? '';
    return d;
  });
  const settled = useDebounced(draft, 300);
  const settledKey = JSON.stringify(settled);
  const [appliedKey, setAppliedKey] = useState(settledKey);
  if (settledKey !== appliedKey) {
    setAppliedKey(settledKey);
    const next = new URLSearchParams();
    for (const f of FIELDS) if (settled[f] !== '') next.set(f, settled[f]);
    setParams(next, { replace: true });
    setCursors([]);
  }

  const query: ProductQuery = {
    q: value('q') || undefined,
    category: value('category') || undefined,
    brand: value('brand') || undefined,
    min_price: value('min_price') || undefined,
    max_price: value('max_price') || undefined,
    in_stock: tri(params.get('in_stock')),
    covered: tri(params.get('covered')),
    limit: PAGE,
    cursor: cursors.at(-1),
  };
  const products = useResource(JSON.stringify(query), (signal) => api.products(query, signal));

  function set(f: Field, v: string) {
    setDraft((d) => ({ ...d, [f]: v }));
  }

  const page = products.data;
  return (
    <section>
      <PageHeader title="Catalog">
        {page && (
          <span className="muted" aria-live="polite">
            {page.total} product{page.total === 1 ? '' : 's'} match
          </span>
        )}
      </PageHeader>
      <form
        className="filters panel"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <div className="field">
          <label htmlFor="f-q">Search</label>
          <input
            id="f-q"
            type="search"
            placeholder="SKU, name or brand"
            value={draft.q}
            onChange={(e) => {
              set('q', e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-category">Category</label>
          <input
            id="f-category"
            placeholder="Footwear/Running"
            value={draft.category}
            onChange={(e) => {
              set('category', e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-brand">Brand</label>
          <input
            id="f-brand"
            value={draft.brand}
            onChange={(e) => {
              set('brand', e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-min">Price from</label>
          <input
            id="f-min"
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            value={draft.min_price}
            onChange={(e) => {
              set('min_price', e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-max">to</label>
          <input
            id="f-max"
            type="number"
            min="0"
            step="0.01"
            inputMode="decimal"
            value={draft.max_price}
            onChange={(e) => {
              set('max_price', e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="f-stock">Stock</label>
          <select
            id="f-stock"
            value={draft.in_stock}
            onChange={(e) => {
              set('in_stock', e.target.value);
            }}
          >
            <option value="">any</option>
            <option value="true">in stock</option>
            <option value="false">out of stock</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-covered">Recommendations</label>
          <select
            id="f-covered"
            value={draft.covered}
            onChange={(e) => {
              set('covered', e.target.value);
            }}
          >
            <option value="">any</option>
            <option value="true">has some</option>
            <option value="false">has none</option>
          </select>
        </div>
      </form>
      <ErrorNote>{products.error}</ErrorNote>
      {!page && !products.error && <Loading what="products" />}
      {page && (
        <>
          <table className="data" aria-label="Products" aria-busy={products.loading}>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Name</th>
                <th>Category</th>
                <th>Brand</th>
                <th className="num">Price</th>
                <th>Stock</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.sku}>
                  <td>
                    <Link to={`/catalog/${encodeURIComponent(p.sku)}`}>{p.sku}</Link>
                  </td>
                  <td>{p.name}</td>
                  <td>{p.category}</td>
                  <td>{p.brand}</td>
                  <td className="num">
                    <Money amount={p.price} currency={p.currency} />
                  </td>
                  <td>
                    <Stock stock={p.stock} inStock={p.in_stock} />
                  </td>
                </tr>
              ))}
              {page.items.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No product matches these filters.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <div className="pager">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => {
                setCursors((c) => c.slice(0, -1));
              }}
            >
              ← Previous
            </button>
            <button
              type="button"
              disabled={!page.next_cursor}
              onClick={() => {
                const next = page.next_cursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next →
            </button>
            <span className="muted small">
              Page {cursors.length + 1} of {Math.max(1, Math.ceil(page.total / PAGE))}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
