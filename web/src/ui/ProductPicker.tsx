// A product search list whose rows can be dragged (native DnD, PRODUCT_MIME) onto a drop zone;
// `actions` renders the keyboard alternative for each row (a button, a select).
import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Product } from '../api/types';
import { useSession } from '../auth/session';
import { ErrorNote, Money, Stock } from './bits';
import { PRODUCT_MIME, startDrag } from './dnd';
import { useDebounced, useResource } from './useResource';

interface Props {
  title: string;
  hint?: string;
  exclude?: (p: Product) => boolean;
  actions?: (p: Product) => ReactNode;
}

export function ProductPicker({ title, hint, exclude, actions }: Props) {
  const { api } = useSession();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const list = useResource(`picker:${q}`, (signal) => api.products({ q: q || undefined, limit: 20 }, signal));
  const items = (list.data?.items ?? []).filter((p) => !exclude?.(p));
  return (
    <aside className="panel picker" aria-label={title}>
      <h2>{title}</h2>
      {hint && <p className="muted small">{hint}</p>}
      <label className="sr-only" htmlFor="picker-q">
        Find products
      </label>
      <input
        id="picker-q"
        type="search"
        placeholder="Find products: SKU, name, brand"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
        }}
      />
      <ErrorNote>{list.error}</ErrorNote>
      <ul className="picker-list" aria-busy={list.loading}>
        {items.map((p) => (
          <li
            key={p.sku}
            className="picker-item"
            draggable
            data-sku={p.sku}
            onDragStart={(e) => {
              startDrag(e, PRODUCT_MIME, p.sku);
            }}
          >
            <div className="picker-main">
              <span className="drag-handle" aria-hidden="true">
                ⠿
              </span>
              <div>
                <div>
                  <strong>{p.sku}</strong> <Stock stock={p.stock} inStock={p.in_stock} />
                </div>
                <div className="small muted">
                  {p.name} · <Money amount={p.price} currency={p.currency} />
                </div>
              </div>
            </div>
            {actions && <div className="picker-actions">{actions(p)}</div>}
          </li>
        ))}
        {list.data && items.length === 0 && <li className="muted">No product matches.</li>}
      </ul>
    </aside>
  );
}
