// Guideline violations: every live link (manual, mined, rule-generated) that breaks a guideline,
// with counts per guideline; filters (guideline, severity, type, SKU) live in the URL so a
// guideline can link to its own violations.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { violationsReport, type ViolationOrigin } from '../../api/reports';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';

const PAGE = 20;
const FILTERS = ['guideline', 'severity', 'type', 'sku'] as const;

function OriginCell({ origin }: { origin: ViolationOrigin }) {
  if (origin.kind === 'rule' && origin.rule) {
    return (
      <span className="badge origin-rule">
        rule <Link to={`/rules?edit=${encodeURIComponent(origin.rule)}`}>{origin.rule}</Link>
      </span>
    );
  }
  const parts = [origin.kind];
  if (origin.job !== undefined) parts.push(`job ${String(origin.job)}`);
  if (origin.relationship !== undefined) parts.push(`link ${String(origin.relationship)}`);
  return <span className={`badge origin-${origin.kind}`}>{parts.join(' · ')}</span>;
}

export function ViolationsSection({ above = true }: { above?: boolean }) {
  const { api } = useSession();
  const [params, setParams] = useSearchParams();
  const filter = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<
    (typeof FILTERS)[number],
    string
  >;
  const sku = useDebounced(filter.sku.trim(), 300);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const query = { guideline: filter.guideline, severity: filter.severity, type: filter.type, sku };
  const key = JSON.stringify({ ...query, cursor });
  const report = useResource(`violations:${key}`, (s) =>
    violationsReport(api, { ...query, limit: PAGE, cursor }, s),
  );
  // The counts of every guideline, whatever the filters (for the chips and the guideline menu).
  const all = useResource('violations:all', (s) => violationsReport(api, { limit: 1 }, s));
  const counts = Object.entries(all.data?.counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const types = useResource('relation-types', (s) => api.relationTypes(s));

  function set(name: (typeof FILTERS)[number], value: string) {
    setCursors([]);
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  }

  const r = report.data;
  // /reports#violations (a guideline's count links here): scroll to the list once it is drawn.
  const { hash } = useLocation();
  const sectionRef = useRef<HTMLElement>(null);
  const scrolled = useRef(false);
  const drawn = r !== undefined && above;
  useEffect(() => {
    if (hash !== '#violations' || !drawn || scrolled.current) return;
    scrolled.current = true;
    sectionRef.current?.scrollIntoView({ block: 'start' });
  }, [hash, drawn]);

  return (
    <section ref={sectionRef} className="report-section" aria-labelledby="violations-title" id="violations">
      <h2 id="violations-title" className="section-title">
        Guideline violations
      </h2>
      <p className="muted">
        Live links, mined links and rule edges that break a brand guideline.{' '}
        <Link to="/guidelines">Manage guidelines</Link>
      </p>
      {all.data && (
        <div className="guideline-counts" role="group" aria-label="Violations per guideline">
          {counts.length === 0 ? (
            <span className="muted">No guidelines yet.</span>
          ) : (
            counts.map(([g, n]) => (
              <button
                key={g}
                type="button"
                className={`count-chip${filter.guideline === g ? ' active' : ''}${n > 0 ? ' has' : ''}`}
                aria-pressed={filter.guideline === g}
                data-guideline={g}
                onClick={() => {
                  set('guideline', filter.guideline === g ? '' : g);
                }}
              >
                {g} <strong>{n}</strong>
              </button>
            ))
          )}
        </div>
      )}
      <div className="filters" role="search" aria-label="Filter violations">
        <div className="field">
          <label htmlFor="v-guideline">Guideline</label>
          <select
            id="v-guideline"
            value={filter.guideline}
            onChange={(e) => {
              set('guideline', e.target.value);
            }}
          >
            <option value="">all guidelines</option>
            {counts.map(([g]) => (
              <option key={g}>{g}</option>
            ))}
            {filter.guideline && !counts.some(([g]) => g === filter.guideline) && <option>{filter.guideline}</option>}
          </select>
        </div>
        <div className="field">
          <label htmlFor="v-severity">Severity</label>
          <select
            id="v-severity"
            value={filter.severity}
            onChange={(e) => {
              set('severity', e.target.value);
            }}
          >
            <option value="">any</option>
            <option value="error">error</option>
            <option value="warning">warning</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="v-type">Type</label>
          <select
            id="v-type"
            value={filter.type}
            onChange={(e) => {
              set('type', e.target.value);
            }}
          >
            <option value="">all types</option>
            {(types.data?.items ?? []).map((t) => (
              <option key={t.name}>{t.name}</option>
            ))}
            <option value="bundle">bundle</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="v-sku">SKU</label>
          <input
            id="v-sku"
            type="search"
            placeholder="source or target"
            value={filter.sku}
            onChange={(e) => {
              set('sku', e.target.value);
            }}
          />
        </div>
        {r && (
          <span className="muted small" aria-live="polite">
            {r.total} {r.total === 1 ? 'violation' : 'violations'} among {r.edges_checked} links checked
          </span>
        )}
      </div>
      <ErrorNote>{report.error}</ErrorNote>
      {!r ? (
        !report.error && <Loading what="violations" />
      ) : r.items.length === 0 ? (
        <p className="panel empty-state">No link breaks {filter.guideline ? `guideline ${filter.guideline}` : 'a guideline'}{Object.values(filter).some(Boolean) ? ' with these filters' : ''}.</p>
      ) : (
        <>
          <table className="data violations-table" aria-label="Violations" aria-busy={report.loading}>
            <thead>
              <tr>
                <th>Guideline</th>
                <th>Source</th>
                <th>Target</th>
                <th>Type</th>
                <th>Origin</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {r.items.map((v) => (
                <tr
                  key={`${v.guideline}:${v.source}:${v.target}:${v.type}:${v.origin.kind}:${String(v.origin.relationship ?? v.origin.rule ?? '')}`}
                  data-guideline={v.guideline}
                >
                  <td className="guideline-cell">
                    <strong>{v.guideline}</strong>{' '}
                    <span className={`badge ${v.severity === 'error' ? 'bad' : 'warn'}`}>{v.severity}</span>
                  </td>
                  <td className="sku-cell">
                    <Link to={`/catalog/${encodeURIComponent(v.source)}`}>{v.source}</Link>
                  </td>
                  <td className="sku-cell">
                    <Link to={`/catalog/${encodeURIComponent(v.target)}`}>{v.target}</Link>
                  </td>
                  <td>
                    <span className="badge">{v.type}</span>
                  </td>
                  <td>
                    <OriginCell origin={v.origin} />
                  </td>
                  <td className="small">{v.message}</td>
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
              disabled={!r.next_cursor}
              onClick={() => {
                const next = r.next_cursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              Next →
            </button>
            <span className="muted small">
              Page {cursors.length + 1} of {Math.max(1, Math.ceil(r.total / PAGE))}
            </span>
          </div>
        </>
      )}
    </section>
  );
}
