// Every replay and dry run, newest first: when, what was asked, which dead letters and deliveries,
// and the summary the server recorded.
import type { ReplayRecord } from '../../api/intake';
import { When } from './intakeFormat';

export function ReplayHistory({ items }: { items: ReplayRecord[] }) {
  if (items.length === 0) return <p className="muted">No replay yet.</p>;
  return (
    <table className="data replay-history" aria-label="Replays">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>When</th>
          <th>Kind</th>
          <th>Dead letters</th>
          <th>Deliveries</th>
          <th>Summary</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.id} data-replay={r.id}>
            <td className="num">{r.id}</td>
            <td className="small">
              <When at={r.at} />
            </td>
            <td>{r.dry_run ? <span className="badge">dry run</span> : <span className="badge ok">replay</span>}</td>
            <td className="small">{r.dead_letters.join(', ')}</td>
            <td className="small">{r.deliveries.join(', ') || '—'}</td>
            <td className="small">
              {r.summary}
              <div className="muted">
                <code>{r.request}</code>
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
