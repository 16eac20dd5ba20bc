// The members of a bundle being edited: quantity, optional, remove, and the problems the server
// found with each (out of stock, unknown SKU, a guideline) right beside it.
import type { BundleItem, BundleProblem, Product } from '../../api/types';
import { Money, Stock } from '../../ui/bits';

interface Props {
  items: BundleItem[];
  products: Record<string, Product | null>;
  problems: BundleProblem[];
  editable: boolean;
  onChange: (items: BundleItem[]) => void;
}

export function BundleItems({ items, products, problems, editable, onChange }: Props) {
  if (items.length === 0) return <p className="muted">No items yet.</p>;
  const set = (i: number, change: Partial<BundleItem>) => {
    onChange(items.map((x, j) => (j === i ? { ...x, ...change } : x)));
  };
  return (
    <table className="data bundle-table">
      <thead>
        <tr>
          <th>Product</th>
          <th className="num">Unit price</th>
          <th>Quantity</th>
          <th>Optional</th>
          <th>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, i) => {
          const p = products[item.sku];
          const mine = problems.filter((x) => x.sku === item.sku);
          return (
            <tr key={item.sku} data-sku={item.sku} className={mine.length ? 'has-problem' : undefined}>
              <td>
                <strong>{item.sku}</strong>
                {p && <span className="muted"> {p.name}</span>}
                {p && <Stock stock={p.stock} inStock={p.in_stock} />}
                {p === null && <span className="badge bad">unknown product</span>}
                {mine.map((x) => (
                  <p
                    key={x.code + x.message}
                    className={`${x.severity === 'warning' ? 'warning' : 'error'} item-problem`}
                    role="alert"
                  >
                    {x.message}
                  </p>
                ))}
              </td>
              <td className="num">{p ? <Money amount={p.price} currency={p.currency} /> : '—'}</td>
              <td>
                <input
                  type="number"
                  min="1"
                  className="qty"
                  aria-label={`Quantity of ${item.sku}`}
                  disabled={!editable}
                  value={item.quantity}
                  onChange={(e) => {
                    set(i, { quantity: Math.max(1, Math.floor(Number(e.target.value) || 1)) });
                  }}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={`${item.sku} is optional`}
                  disabled={!editable}
                  checked={item.optional}
                  onChange={(e) => {
                    set(i, { optional: e.target.checked });
                  }}
                />
              </td>
              <td>
                {editable && (
                  <button
                    type="button"
                    className="small danger"
                    aria-label={`Remove ${item.sku} from the bundle`}
                    onClick={() => {
                      onChange(items.filter((_, j) => j !== i));
                    }}
                  >
                    Remove
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
