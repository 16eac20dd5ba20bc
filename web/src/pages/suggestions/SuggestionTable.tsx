// The suggestions as rows: select (for accepting or rejecting many), the pair, its evidence, and
// the decision, with the server's refusal on the row it concerns.
import { Link } from 'react-router';
import type { MinedSuggestion } from '../../api/suggestions';
import { ErrorNote } from '../../ui/bits';
import { percent } from './suggestionFormat';

interface Props {
  items: MinedSuggestion[];
  editable: boolean;
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  busy: Set<number>;
  errors: Record<number, string>;
  onDecide: (id: number, decision: 'accept' | 'reject') => void;
}

const product = (sku: string) => (
  <Link className="sku" to={`/catalog/${encodeURIComponent(sku)}`}>
    {sku}
  </Link>
);

export function SuggestionTable({ items, editable, selected, onSelect, busy, errors, onDecide }: Props) {
  const pending = items.filter((x) => x.status === 'pending').map((x) => x.id);
  const allSelected = pending.length > 0 && pending.every((id) => selected.has(id));
  return (
    <table className="data suggestions-table" aria-label="Suggestions">
      <thead>
        <tr>
          {editable && (
            <th className="select">
              <input
                type="checkbox"
                aria-label="Select every pending suggestion shown"
                checked={allSelected}
                disabled={pending.length === 0}
                onChange={(e) => {
                  onSelect(pending, e.target.checked);
                }}
              />
            </th>
          )}
          <th>Product</th>
          <th>Suggested</th>
          <th>Type</th>
          <th className="num" title="orders holding both, of all orders looked at">
            Orders together
          </th>
          <th className="num" title="share of all orders holding both">
            Support
          </th>
          <th className="num" title="share of the product's orders that also hold the suggested one">
            Confidence
          </th>
          <th className="num" title="how much more often than by chance; 1 = chance">
            Lift
          </th>
          <th>Decision</th>
        </tr>
      </thead>
      <tbody>
        {items.map((x) => {
          const e = x.evidence;
          const isBusy = busy.has(x.id);
          return (
            <tr key={x.id} data-suggestion={x.id} className={`status-${x.status}${errors[x.id] ? ' has-error' : ''}`}>
              {editable && (
                <td className="select">
                  {x.status === 'pending' && (
                    <input
                      type="checkbox"
                      aria-label={`Select ${x.source} → ${x.target}`}
                      checked={selected.has(x.id)}
                      onChange={(ev) => {
                        onSelect([x.id], ev.target.checked);
                      }}
                    />
                  )}
                </td>
              )}
              <td>{product(x.source)}</td>
              <td>
                {product(x.target)}
                <div className="muted small">{x.reason}</div>
              </td>
              <td>
                <span className="badge type-badge">{x.type}</span>
              </td>
              <td className="num">
                <strong>{e.together}</strong>
                <span className="muted small"> / {e.baskets}</span>
              </td>
              <td className="num">{percent(e.support)}</td>
              <td className="num">{percent(e.confidence)}</td>
              <td className="num">{e.lift.toFixed(2)}×</td>
              <td className="decision">
                {x.status === 'pending' ? (
                  editable ? (
                    <span className="decide-buttons">
                      <button
                        type="button"
                        className="small"
                        disabled={isBusy}
                        aria-label={`Accept ${x.source} → ${x.target}`}
                        onClick={() => {
                          onDecide(x.id, 'accept');
                        }}
                      >
                        Accept
                      </button>
                      <button
                        type="button"
                        className="small danger"
                        disabled={isBusy}
                        aria-label={`Reject ${x.source} → ${x.target}`}
                        onClick={() => {
                          onDecide(x.id, 'reject');
                        }}
                      >
                        Reject
                      </button>
                    </span>
                  ) : (
                    <span className="badge">pending</span>
                  )
                ) : x.status === 'accepted' ? (
                  <span>
                    <span className="badge ok">accepted</span>
                    {x.relationship_id !== null && (
                      <div className="small">
                        <Link to={`/catalog/${encodeURIComponent(x.source)}`}>link #{x.relationship_id}</Link>{' '}
                        <span className="muted">mined:{x.job}</span>
                      </div>
                    )}
                  </span>
                ) : (
                  <span className="badge bad">rejected</span>
                )}
                <ErrorNote>{errors[x.id]}</ErrorNote>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
