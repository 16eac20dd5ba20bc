// A product's ranking with the weights as they are on the sliders, beside the saved ranking: each
// item's position before and after, its score before and after, and what dropped out.
import { Link } from 'react-router';
import type { Recommendation } from '../../api/types';
import { compareRankings, fmtWeight } from './weightsModel';

interface Props {
  sku: string;
  before: Recommendation[] | undefined;
  /** The preview, or undefined while there is no change (the saved ranking is shown). */
  after: Recommendation[] | undefined;
  changed: boolean;
  checking: boolean;
}

export function RankingPreview({ sku, before, after, changed, checking }: Props) {
  if (!before) return null;
  const shown = changed && after ? after : before;
  const diff = compareRankings(before, shown);
  return (
    <>
      <p className="ranking-status" aria-live="polite">
        {changed ? (
          <>
            <span className="badge warn">preview, not saved</span>{' '}
            {checking ? 'Updating…' : diff.moved ? `${diff.moved} items move` : 'The order does not change.'}
          </>
        ) : (
          <span className="muted">The saved ranking. Move a slider to see what it changes.</span>
        )}
      </p>
      {shown.length === 0 ? (
        <p className="muted">
          No recommendations for {sku}: it has no links, rules or learned neighbours yet.
        </p>
      ) : (
        <table className="data ranking-table" aria-label={`Ranking for ${sku}`} aria-busy={checking}>
          <colgroup>
            <col className="col-pos" />
            <col />
            <col className="col-type" />
            <col className="col-score" />
            <col className="col-move" />
          </colgroup>
          <thead>
            <tr>
              <th className="num">#</th>
              <th>Product</th>
              <th>Type</th>
              <th className="num">Score</th>
              <th>Move</th>
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((r) => {
              const delta = r.before === null ? null : r.before - r.after;
              return (
                <tr key={r.item.sku} data-sku={r.item.sku} className={delta ? (delta > 0 ? 'up' : 'down') : undefined}>
                  <td className="num">
                    {r.after}
                    {r.item.position !== undefined && (
                      <span className="badge pin" title={`pinned at position ${r.item.position}`}>
                        pinned
                      </span>
                    )}
                  </td>
                  <td>
                    <Link to={`/catalog/${encodeURIComponent(r.item.sku)}`}>{r.item.sku}</Link>
                    <div className="muted small ranking-name">{r.item.name}</div>
                  </td>
                  <td className="small">{r.item.type}</td>
                  <td className="num small score">
                    {changed && r.beforeScore !== null && Math.abs(r.beforeScore - r.item.score) > 1e-9 ? (
                      <>
                        <span className="muted">{fmtWeight(r.beforeScore)} →</span> <strong>{fmtWeight(r.item.score)}</strong>
                      </>
                    ) : (
                      fmtWeight(r.item.score)
                    )}
                  </td>
                  <td className="small move">
                    {!changed ? (
                      ''
                    ) : delta === null ? (
                      <span className="badge ok">new</span>
                    ) : delta > 0 ? (
                      <span className="move-up" aria-label={`up ${delta} from ${r.before}`}>
                        ▲ {delta} <span className="muted">(was {r.before})</span>
                      </span>
                    ) : delta < 0 ? (
                      <span className="move-down" aria-label={`down ${-delta} from ${r.before}`}>
                        ▼ {-delta} <span className="muted">(was {r.before})</span>
                      </span>
                    ) : (
                      <span className="muted">=</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {changed && diff.dropped.length > 0 && (
        <p className="small dropped">
          Out of the list:{' '}
          {diff.dropped.map((d, k) => (
            <span key={d.item.sku}>
              {k > 0 && ', '}
              {d.item.sku} <span className="muted">(was {d.before})</span>
            </span>
          ))}
        </p>
      )}
    </>
  );
}
