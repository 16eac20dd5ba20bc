// What the draft rule would produce, from the last dry run: valid or not, sources, targets and
// links, a sample of pairs, and the lint warnings (nothing is written until Save).
import { Link } from 'react-router';
import type { RuleDiagnostic, RuleReport } from '../../api/rules';

interface Props {
  report: RuleReport | undefined | null;
  checking: boolean;
  /** The draft could not be checked at all (a field the server refuses), or null. */
  refused: string | null;
  /** Nothing typed yet. */
  idle: boolean;
  /** Diagnostics about the rule as a whole (no field). */
  general: RuleDiagnostic[];
  editable: boolean;
}

const skuLink = (sku: string) => <Link to={`/catalog/${encodeURIComponent(sku)}`}>{sku}</Link>;

export function RulePreview({ report, checking, refused, idle, general, editable }: Props) {
  const warnings = report?.warnings ?? [];
  return (
    <section className="panel rule-preview" aria-label="Preview" aria-busy={checking}>
      <header className="group-header">
        <h2>Preview</h2>
        <span className="muted small" aria-live="polite">
          {checking ? 'Checking…' : report ? (report.valid ? 'Valid' : 'Not valid') : ''}
        </span>
      </header>
      {!editable ? (
        <p className="muted small">This key may not run the dry-run check.</p>
      ) : idle ? (
        <p className="muted small">
          Write the conditions: every change is checked against the catalog, and nothing is saved
          until you press Save.
        </p>
      ) : null}
      {refused && (
        <p className="error" role="alert">
          Not checked: {refused}
        </p>
      )}
      {report && (
        <>
          <p>
            {report.valid ? <span className="badge ok">valid</span> : <span className="badge bad">not valid</span>}
            {report.errors.length > 0 && (
              <span className="muted small">
                {' '}
                {report.errors.length} {report.errors.length === 1 ? 'error' : 'errors'}, shown at their place
              </span>
            )}
          </p>
          <dl className="rule-stats" aria-label="Counts">
            <div>
              <dt>Sources</dt>
              <dd data-stat="sources">{report.stats.sources}</dd>
            </div>
            <div>
              <dt>Targets</dt>
              <dd data-stat="targets">{report.stats.targets}</dd>
            </div>
            <div>
              <dt>Links</dt>
              <dd data-stat="edges">{report.stats.edges}</dd>
            </div>
          </dl>
          {general.map((d) => (
            <p key={d.message} className={d.severity === 'error' ? 'error' : 'warning'}>
              {d.message}
            </p>
          ))}
          {report.sample.length > 0 ? (
            <>
              <h3>Sample pairs</h3>
              <table className="data sample-table" aria-label="Sample pairs">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th aria-hidden="true" />
                    <th>Target</th>
                  </tr>
                </thead>
                <tbody>
                  {report.sample.map((p) => (
                    <tr key={`${p.source}>${p.target}`}>
                      <td>{skuLink(p.source)}</td>
                      <td aria-hidden="true" className="muted">
                        →
                      </td>
                      <td>{skuLink(p.target)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {report.stats.edges > report.sample.length && (
                <p className="muted small">
                  The first {report.sample.length} of {report.stats.edges} links.
                </p>
              )}
            </>
          ) : (
            report.valid && <p className="muted small">No pairs: the rule would produce no link.</p>
          )}
          <h3>Lint</h3>
          {warnings.length === 0 ? (
            <p className="muted small">No warnings.</p>
          ) : (
            <ul className="lint-list">
              {warnings.map((w) => (
                <li key={`${w.field}:${w.message}`} className="warning">
                  {w.field && <strong>{w.field}: </strong>}
                  {w.message}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
