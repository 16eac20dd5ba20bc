// Open failures grouped by cause and ranked by impact (orders blocked, their value, age), each with
// what to do about it; a group's dead letters can be picked for replay in one step.
import type { FailureGroup } from '../../api/intake';
import { Amounts, ClassBadge, When } from './intakeFormat';

interface Props {
  groups: FailureGroup[];
  onPick: (ids: number[]) => void;
}

export function FailureGroups({ groups, onPick }: Props) {
  if (groups.length === 0) return <p className="muted">No open failures.</p>;
  return (
    <ol className="failure-groups" aria-label="Failures by impact">
      {groups.map((g, k) => (
        <li key={g.cause} className="failure-group">
          <div className="failure-rank" aria-hidden="true">
            {k + 1}
          </div>
          <div className="failure-body">
            <div className="failure-head">
              <ClassBadge c={g.class} />
              <span className="badge">{g.kind === 'parked' ? 'parked' : 'dead letter'}</span>
              <span className="muted small">
                {g.stage}
                {g.field && (
                  <>
                    {' '}
                    · field <code>{g.field}</code>
                  </>
                )}{' '}
                · {g.sources.join(', ')}
              </span>
            </div>
            <p className="failure-example">{g.example}</p>
            <p className="failure-action small">
              <strong>To do:</strong> {g.action}
            </p>
          </div>
          <div className="failure-side">
          <dl className="failure-impact">
            <div>
              <dt>Orders</dt>
              <dd>{g.orders}</dd>
            </div>
            <div>
              <dt>Value</dt>
              <dd>
                <Amounts value={g.value} />
              </dd>
            </div>
            <div>
              <dt>Oldest</dt>
              <dd>
                <When at={g.oldest_at} />
              </dd>
            </div>
          </dl>
            {g.kind === 'dead_letter' && g.failure_ids.length > 0 && (
              <button
                type="button"
                className="small"
                onClick={() => {
                  onPick(g.failure_ids);
                }}
              >
                Select its {g.failure_ids.length === 1 ? 'dead letter' : `${g.failure_ids.length} dead letters`}
              </button>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
