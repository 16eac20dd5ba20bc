// Choose the product whose ranking to watch: type a SKU, name or brand, pick from the matches.
import { useState } from 'react';
import { useSession } from '../../auth/session';
import { ErrorNote, Money } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';

export function ProductChooser({ onChoose }: { onChoose: (sku: string) => void }) {
  const { api } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 200);
  const list = useResource(q ? `chooser:${q}` : null, (s) => api.products({ q, limit: 8 }, s));
  const items = q ? (list.data?.items ?? []) : [];
  return (
    <div className="chooser">
      <label htmlFor="weights-product">Product</label>
      <input
        id="weights-product"
        type="search"
        placeholder="SKU, name or brand"
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
        }}
        onKeyDown={(e) => {
          const first = items[0];
          if (e.key === 'Enter' && first) {
            e.preventDefault();
            onChoose(first.sku);
            setText('');
          }
        }}
      />
      <ErrorNote>{list.error}</ErrorNote>
      {q && (
        <ul className="chooser-list" aria-label="Matching products" aria-busy={list.loading}>
          {items.map((p) => (
            <li key={p.sku}>
              <button
                type="button"
                onClick={() => {
                  onChoose(p.sku);
                  setText('');
                }}
              >
                <strong>{p.sku}</strong> <span className="muted">{p.name}</span>{' '}
                <Money amount={p.price} currency={p.currency} />
              </button>
            </li>
          ))}
          {list.data && items.length === 0 && <li className="muted">No product matches.</li>}
        </ul>
      )}
    </div>
  );
}
