// Dead letters: filters (channel, account, class, state, time), the list with each one's error and
// context, selection for replay, and the outcome of the last dry run or replay on each row.
import type { DeadLetter, DeadLetterFilter } from '../../api/intake';
import { ClassBadge, When } from './intakeFormat';

export interface RowOutcome {
  outcome: string;
  error?: string;
}

interface Props {
  items: DeadLetter[];
  selected: Set<number>;
  onSelect: (ids: number[], on: boolean) => void;
  openId: number | null;
  onOpen: (id: number) => void;
  canReplay: boolean;
  outcomes: Record<number, RowOutcome>;
}

const OUTCOME_TEXT: Record<string, string> = {
  would_store: 'would be stored',
  would_park: 'would be parked',
  would_fail: 'would fail again',
  requeued: 'replaying…',
  stored: 'stored',
  parked: 'parked',
  failed: 'failed again',
};

export function OutcomeBadge({ o }: { o: RowOutcome }) {
  const good = o.outcome === 'would_store' || o.outcome === 'stored';
  const bad = o.outcome === 'would_fail' || o.outcome === 'failed';
  return <span className={`badge ${good ? 'ok' : bad ? 'bad' : 'warn'}`}>{OUTCOME_TEXT[o.outcome] ?? o.outcome}</span>;
}

export function DeadLetterList(props: Props) {
  const { items, selected, onSelect, openId, onOpen, canReplay, outcomes } = props;
  const open = items.filter((d) => d.state === 'open').map((d) => d.id);
  const allSelected = open.length > 0 && open.every((id) => selected.has(id));
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">No dead letter matches.</p>
      ) : (
        <table className="data dead-letters" aria-label="Dead letters">
          <colgroup>
            {canReplay && <col className="col-select" />}
            <col className="col-id" />
            <col className="col-source" />
            <col />
            <col className="col-when" />
            <col className="col-state" />
          </colgroup>
          <thead>
            <tr>
              {canReplay && (
                <th className="select">
                  <input
                    type="checkbox"
                    aria-label="Select every open dead letter shown"
                    checked={allSelected}
                    disabled={open.length === 0}
                    onChange={(e) => {
                      onSelect(open, e.target.checked);
                    }}
                  />
                </th>
              )}
              <th className="num">#</th>
              <th>Source / order</th>
              <th>Error</th>
              <th>Last failure</th>
              <th>State</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-dead-letter={d.id} className={openId === d.id ? 'open-row' : undefined}>
                {canReplay && (
                  <td className="select">
                    {d.state === 'open' && (
                      <input
                        type="checkbox"
                        aria-label={`Select dead letter ${d.id}`}
                        checked={selected.has(d.id)}
                        onChange={(e) => {
                          onSelect([d.id], e.target.checked);
                        }}
                      />
                    )}
                  </td>
                )}
                <td className="num">
                  <button
                    type="button"
                    className="link"
                    aria-label={`Open dead letter ${d.id}`}
                    aria-pressed={openId === d.id}
                    onClick={() => {
                      onOpen(d.id);
                    }}
                  >
                    {d.id}
                  </button>
                </td>
                <td className="small">
                  <strong>{d.channel}</strong>/{d.account}
                  <div className="muted">{d.order_id ?? 'the whole delivery'}</div>
                  {d.value && (
                    <div className="money">
                      {d.value} {d.currency}
                    </div>
                  )}
                </td>
                <td className="small dl-error">
                  <div>
                    <ClassBadge c={d.class} /> <span className="muted">{d.stage}</span>
                    {d.field && (
                      <>
                        {' '}
                        <code>{d.field}</code>
                      </>
                    )}
                  </div>
                  <div className="dl-message">{d.message}</div>
                  {outcomes[d.id] && (
                    <div className="dl-outcome">
                      <OutcomeBadge o={outcomes[d.id] as RowOutcome} />
                      {outcomes[d.id]?.error && <span className="muted"> {outcomes[d.id]?.error}</span>}
                    </div>
                  )}
                </td>
                <td className="small">
                  <When at={d.last_failure_at} />
                  <div className="muted">
                    {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
                  </div>
                </td>
                <td className="small">
                  <span className={`badge ${d.state === 'open' ? 'bad' : ''}`}>{d.state}</span>
                  {d.closed_by && <div className="muted">by {d.closed_by}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

interface FilterProps {
  filter: DeadLetterFilter;
  onFilter: (change: Partial<DeadLetterFilter>) => void;
  channels: string[];
}

export function DeadLetterFilters({ filter, onFilter, channels }: FilterProps) {
  return (
      <div className="filters" role="search" aria-label="Filter dead letters">
      <div className="field">
        <label htmlFor="dl-channel">Channel</label>
        <select
          id="dl-channel"
          value={filter.channel ?? ''}
          onChange={(e) => {
            onFilter({ channel: e.target.value });
          }}
        >
          <option value="">all channels</option>
          {channels.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="dl-account">Account</label>
        <input
          id="dl-account"
          value={filter.account ?? ''}
          placeholder="any"
          onChange={(e) => {
            onFilter({ account: e.target.value.trim() });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="dl-class">Class</label>
        <select
          id="dl-class"
          value={filter.class ?? ''}
          onChange={(e) => {
            onFilter({ class: e.target.value as DeadLetterFilter['class'] });
          }}
        >
          <option value="">any class</option>
          <option value="permanent">permanent</option>
          <option value="transient">transient</option>
          <option value="unresolved">unresolved</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="dl-state">State</label>
        <select
          id="dl-state"
          value={filter.state ?? 'open'}
          onChange={(e) => {
            onFilter({ state: e.target.value as DeadLetterFilter['state'] });
          }}
        >
          <option value="open">open</option>
          <option value="replayed">replayed</option>
          <option value="resolved">resolved</option>
          <option value="any">any</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="dl-from">Failed from</label>
        <input
          id="dl-from"
          type="date"
          value={filter.from?.slice(0, 10) ?? ''}
          onChange={(e) => {
            onFilter({ from: e.target.value });
          }}
        />
      </div>
      <div className="field">
        <label htmlFor="dl-to">to</label>
        <input
          id="dl-to"
          type="date"
          value={filter.to?.slice(0, 10) ?? ''}
          onChange={(e) => {
            onFilter({ to: e.target.value ? `${e.target.value}T23:59:59Z` : '' });
          }}
        />
      </div>
    </div>
  );
}
