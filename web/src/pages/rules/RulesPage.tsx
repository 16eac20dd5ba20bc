// /rules: every rule with what it produces and its lint warnings (the editor comes later).
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

export function RulesPage() {
  const { api } = useSession();
  const rules = useResource('rules', (s) => api.rules(s));
  return (
    <section>
      <PageHeader title="Rules" />
      <ErrorNote>{rules.error}</ErrorNote>
      {!rules.data ? (
        !rules.error && <Loading what="rules" />
      ) : rules.data.items.length === 0 ? (
        <p className="muted">
          No rules yet. Rules generate links across the catalog from conditions; see the README.
        </p>
      ) : (
        <table className="data" aria-label="Rules">
          <thead>
            <tr>
              <th>Rule</th>
              <th>Type</th>
              <th>When / then</th>
              <th className="num">Edges</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <strong>{r.id}</strong>
                  <div className="muted small">
                    priority {r.priority ?? 0} · weight {r.weight ?? 1} · limit {r.limit ?? '—'}
                  </div>
                </td>
                <td>{r.type}</td>
                <td className="small">
                  <code>{r.when}</code>
                  <br />
                  <code>{r.then}</code>
                  {r.context && (
                    <>
                      <br />
                      context <code>{r.context}</code>
                    </>
                  )}
                  {r.warnings?.map((w) => (
                    <p key={w.message} className="warning">
                      {w.message}
                    </p>
                  ))}
                </td>
                <td className="num">{r.stats?.edges ?? '—'}</td>
                <td>
                  {r.enabled === false ? (
                    <span className="badge">disabled</span>
                  ) : (
                    <span className="badge ok">enabled</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
