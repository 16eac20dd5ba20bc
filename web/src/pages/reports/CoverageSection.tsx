// Coverage: the headline (share of SKUs that get recommendations, against the goal), bars per
// relation type, category and brand, and the uncovered SKUs, best sellers first, paged.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { coverageReport, type CoverageGroup } from '../../api/reports';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { CoverageBars, percent, type Bar } from './CoverageBars';

const PAGE = 10;
const DEPTHS = ['1', '2', '3', 'full'];

function groupBars(groups: Record<string, CoverageGroup>): Bar[] {
  // Worst first: the groups that need links are the ones to see.
  return Object.entries(groups)
    .map(([label, g]) => ({ label, coverage: g.coverage, covered: g.covered_skus, total: g.total_skus }))
    .sort((a, b) => a.coverage - b.coverage || a.label.localeCompare(b.label));
}

export function CoverageSection({ onDrawn }: { onDrawn?: () => void }) {
  const { api } = useSession();
  const [depth, setDepth] = useState('1');
  const summary = useResource(`coverage:${depth}`, (s) =>
    coverageReport(api, { limit: 1, category_depth: depth === 'full' ? 'full' : Number(depth) }, s),
  );
  const r = summary.data;
  return (
    <section className="report-section" aria-labelledby="coverage-title">
      <h2 id="coverage-title" className="section-title">
        Coverage
      </h2>
      <p className="muted">
        The share of products for which a recommendation request (no customer, no cart, now) returns
        at least one item.
      </p>
      <ErrorNote>{summary.error}</ErrorNote>
      {!r ? (
        !summary.error && <Loading what="coverage" />
      ) : (
        <>
          <div className="coverage-headline panel" role="group" aria-label="Coverage headline">
            <div className={`headline-number ${r.meets_goal ? 'ok' : 'bad'}`} data-coverage={r.coverage}>
              {percent(r.coverage)}
            </div>
            <div>
              <div>
                <strong>{r.covered_skus}</strong> of <strong>{r.total_skus}</strong> products get
                recommendations; <strong>{r.uncovered_skus}</strong> get none.
              </div>
              <div>
                Goal {percent(r.goal, 0)}:{' '}
                {r.meets_goal ? (
                  <span className="badge ok">meets the goal</span>
                ) : (
                  <span className="badge bad">below the goal</span>
                )}
              </div>
              <div className="muted small">as of {new Date(r.at).toLocaleString()}</div>
            </div>
          </div>
          <div className="coverage-charts">
            <div className="chart-column">
              <div className="panel">
                <CoverageBars
                  title="By relation type"
                  goal={r.goal}
                  bars={Object.entries(r.by_type)
                    .map(([label, t]) => ({ label, coverage: t.coverage, covered: t.covered_skus }))
                    .sort((a, b) => a.label.localeCompare(b.label))}
                />
                <p className="muted small">Each type on its own, so they need not add up.</p>
              </div>
              <div className="panel">
                <CoverageBars
                  title="By category"
                  goal={r.goal}
                  bars={groupBars(r.by_category)}
                  option={
                    <div className="field chart-option">
                      <label htmlFor="category-depth">Level</label>
                      <select
                        id="category-depth"
                        value={depth}
                        onChange={(e) => {
                          setDepth(e.target.value);
                        }}
                      >
                        {DEPTHS.map((d) => (
                          <option key={d} value={d}>
                            {d === 'full' ? 'full path' : `level ${d}`}
                          </option>
                        ))}
                      </select>
                    </div>
                  }
                />
              </div>
            </div>
            <div className="panel chart-scroll">
              <CoverageBars title="By brand (worst first)" goal={r.goal} bars={groupBars(r.by_brand)} />
            </div>
          </div>
          <UncoveredList total={r.uncovered_skus} onDrawn={onDrawn} />
        </>
      )}
    </section>
  );
}

function UncoveredList({ total, onDrawn }: { total: number; onDrawn?: (() => void) | undefined }) {
  const { api } = useSession();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useResource(`uncovered:${cursor ?? ''}`, (s) => coverageReport(api, { limit: PAGE, cursor }, s));
  const items = page.data?.uncovered ?? [];
  const byRevenue = page.data?.uncovered_ranked_by === 'revenue';
  const drawn = page.data !== undefined || page.error !== null;
  useEffect(() => {
    if (drawn) onDrawn?.();
  }, [drawn, onDrawn]);
  return (
    <div className="panel uncovered" aria-labelledby="uncovered-title">
      <h3 id="uncovered-title">Products without recommendations</h3>
      <p className="muted small">
        {byRevenue ? 'Best sellers first (revenue in order history).' : 'By SKU.'} Open one to add
        links.
      </p>
      <ErrorNote>{page.error}</ErrorNote>
      {!page.data ? (
        !page.error && <Loading what="uncovered products" />
      ) : total === 0 ? (
        <p>Every product gets recommendations.</p>
      ) : (
        <>
          <table className="data" aria-label="Uncovered products" aria-busy={page.loading}>
            <thead>
              <tr>
                <th>SKU</th>
                <th>Name</th>
                <th>Category</th>
                <th>Brand</th>
                <th>State</th>
                <th className="num">Links</th>
                {byRevenue && <th className="num">Revenue</th>}
              </tr>
            </thead>
            <tbody>
              {items.map((p) => (
                <tr key={p.sku} data-sku={p.sku}>
                  <td className="sku-cell">
                    <Link to={`/catalog/${encodeURIComponent(p.sku)}`}>{p.sku}</Link>
                  </td>
                  <td>{p.name}</td>
                  <td className="small">{p.category ?? <span className="muted">—</span>}</td>
                  <td>{p.brand ?? <span className="muted">—</span>}</td>
                  <td className="small">
                    {p.status !== 'active' && <span className="badge warn">{p.status}</span>}{' '}
                    {!p.in_stock && <span className="badge bad">out of stock</span>}
                    {p.status === 'active' && p.in_stock && <span className="muted">active</span>}
                  </td>
                  <td className="num">{p.edges}</td>
                  {byRevenue && <td className="num">{p.revenue ?? '—'}</td>}
                </tr>
              ))}
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
              disabled={!page.data.next_cursor}
              onClick={() => {
                const next = page.data?.next_cursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next →
            </button>
            <span className="muted small" aria-live="polite">
              Page {cursors.length + 1} of {Math.max(1, Math.ceil(total / PAGE))}
            </span>
          </div>
        </>
      )}
    </div>
  );
}
