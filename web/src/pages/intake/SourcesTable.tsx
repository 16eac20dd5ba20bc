// Health per channel and account: status and why, the last delivery that worked and the last that
// failed, volume, backlog, retries, parked orders, dead letters and the oldest one.
import type { SourceHealth } from '../../api/intake';
import { When } from './intakeFormat';

interface Props {
  sources: SourceHealth[];
  onShowDeadLetters: (channel: string, account: string) => void;
}

export function SourcesTable({ sources, onShowDeadLetters }: Props) {
  if (sources.length === 0) {
    return <p className="muted">No channel has delivered orders yet.</p>;
  }
  return (
    <table className="data intake-sources" aria-label="Intake sources">
      <thead>
        <tr>
          <th>Source</th>
          <th>Health</th>
          <th>Last success</th>
          <th>Last failure</th>
          <th className="num">Received</th>
          <th className="num">Backlog</th>
          <th className="num">Retrying</th>
          <th className="num">Parked</th>
          <th className="num">Dead letters</th>
          <th className="num">Error rate</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={`${s.channel}/${s.account}`} data-source={`${s.channel}/${s.account}`} className={s.status === 'failing' ? 'failing' : undefined}>
            <td>
              <strong>{s.channel}</strong> / {s.account}
              {s.signed && <span className="badge">signed</span>}
            </td>
            <td>
              <span className={s.status === 'ok' ? 'badge ok' : 'badge bad'}>{s.status}</span>
              {s.reasons.map((r) => (
                <div key={r} className="small source-reason">
                  {r}
                </div>
              ))}
            </td>
            <td className="small">
              <When at={s.last_success_at} />
            </td>
            <td className="small">
              <When at={s.last_failure_at} />
            </td>
            <td className="num">{s.received}</td>
            <td className="num">
              {s.backlog}
              {s.oldest_pending_at && (
                <div className="small muted">
                  oldest <When at={s.oldest_pending_at} />
                </div>
              )}
            </td>
            <td className="num">{s.retrying}</td>
            <td className="num">{s.parked}</td>
            <td className="num">
              {s.dead_letters > 0 ? (
                <button
                  type="button"
                  className="link"
                  aria-label={`Show the ${s.dead_letters} dead letters of ${s.channel}/${s.account}`}
                  onClick={() => {
                    onShowDeadLetters(s.channel, s.account);
                  }}
                >
                  {s.dead_letters}
                </button>
              ) : (
                0
              )}
              {s.oldest_dead_letter_at && (
                <div className="small muted">
                  oldest <When at={s.oldest_dead_letter_at} />
                </div>
              )}
            </td>
            <td className="num">
              {(s.error_rate * 100).toFixed(0)}%
              <div className="small muted">
                {s.recent_failed} of {s.recent_processed}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
