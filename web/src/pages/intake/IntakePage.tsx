// /intake: health per sales channel and account (last success, error rate, backlog, dead letters).
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

export function IntakePage() {
  const { api } = useSession();
  const sources = useResource('intake-sources', (s) => api.intakeSources(s));
  return (
    <section>
      <PageHeader title="Intake">
        <button type="button" onClick={sources.reload}>
          Refresh
        </button>
      </PageHeader>
      <ErrorNote>{sources.error}</ErrorNote>
      {!sources.data ? (
        !sources.error && <Loading what="intake sources" />
      ) : sources.data.items.length === 0 ? (
        <p className="muted">No channel has delivered orders yet.</p>
      ) : (
        <table className="data" aria-label="Intake sources">
          <thead>
            <tr>
              <th>Channel / account</th>
              <th>Status</th>
              <th className="num">Received</th>
              <th className="num">Backlog</th>
              <th className="num">Retrying</th>
              <th className="num">Parked</th>
              <th className="num">Dead letters</th>
              <th className="num">Error rate</th>
              <th>Last success</th>
            </tr>
          </thead>
          <tbody>
            {sources.data.items.map((s) => (
              <tr key={`${s.channel}/${s.account}`}>
                <td>
                  <strong>{s.channel}</strong> / {s.account}
                  {s.signed && <span className="badge">signed</span>}
                </td>
                <td>
                  <span className={s.status === 'ok' ? 'badge ok' : 'badge bad'}>{s.status}</span>
                  {s.reasons.map((r) => (
                    <div key={r} className="small error">
                      {r}
                    </div>
                  ))}
                </td>
                <td className="num">{s.received}</td>
                <td className="num">{s.backlog}</td>
                <td className="num">{s.retrying}</td>
                <td className="num">{s.parked}</td>
                <td className="num">{s.dead_letters}</td>
                <td className="num">{(s.error_rate * 100).toFixed(1)}%</td>
                <td className="small">{s.last_success_at ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
