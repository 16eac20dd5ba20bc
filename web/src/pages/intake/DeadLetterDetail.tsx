// One dead letter: its error and context, the payload as received (formatted when it is JSON, or
// as the bytes came with the place a parse error names marked) and the headers; dry run or replay.
import { useState } from 'react';
import type { DeadLetterDetail as Detail } from '../../api/intake';
import { deadLetter } from '../../api/intake';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { ClassBadge, errorPosition, When } from './intakeFormat';

interface Props {
  id: number;
  /** Changes when the page reloads what it shows (after a replay). */
  refresh: number;
  canReplay: boolean;
  busy: boolean;
  onReplay: (ids: number[], dryRun: boolean) => void;
  onClose: () => void;
}

export function DeadLetterDetail({ id, refresh, canReplay, busy, onReplay, onClose }: Props) {
  const { api } = useSession();
  const detail = useResource(`dead-letter:${id}#${refresh}`, (s) => deadLetter(api, id, s));
  const d = detail.data?.id === id ? detail.data : undefined;
  return (
    <section className="panel dl-detail" aria-labelledby="dl-detail-title">
      <header className="group-header">
        <h2 id="dl-detail-title">Dead letter {id}</h2>
        <button type="button" className="small" onClick={onClose} aria-label="Close the dead letter">
          Close
        </button>
      </header>
      <ErrorNote>{detail.error}</ErrorNote>
      {!d ? (
        !detail.error && <Loading what="the dead letter" />
      ) : (
        <>
          <p className="error dl-detail-error" data-testid="dl-error">
            <strong>
              {d.stage}
              {d.field ? ` · ${d.field}` : ''}:
            </strong>{' '}
            {d.message}
          </p>
          <dl className="dl-facts">
            <dt>Source</dt>
            <dd>
              {d.channel} / {d.account} · delivery {d.delivery}
            </dd>
            <dt>Order</dt>
            <dd>{d.order_id ?? 'the whole delivery'}</dd>
            <dt>Class</dt>
            <dd>
              <ClassBadge c={d.class} /> {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
            </dd>
            <dt>Failed</dt>
            <dd>
              first <When at={d.first_failure_at} />, last <When at={d.last_failure_at} />
            </dd>
            <dt>State</dt>
            <dd>
              <span className={`badge ${d.state === 'open' ? 'bad' : 'ok'}`}>{d.state}</span>
              {d.closed_by && (
                <span className="small muted">
                  {' '}
                  by {d.closed_by}, <When at={d.closed_at} />
                </span>
              )}
            </dd>
          </dl>
          {canReplay && d.state === 'open' && (
            <div className="page-actions">
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  onReplay([d.id], true);
                }}
              >
                Dry run
              </button>
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() => {
                  onReplay([d.id], false);
                }}
              >
                Replay
              </button>
            </div>
          )}
          <Payload key={d.id} detail={d} />
        </>
      )}
    </section>
  );
}

function Payload({ detail: d }: { detail: Detail }) {
  const raw = d.payload ?? '';
  let pretty: string | null = null;
  try {
    pretty = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    pretty = null;
  }
  const [asReceived, setAsReceived] = useState(pretty === null);
  const headers = Object.entries(d.headers ?? {});
  const at = errorPosition(d.message);
  return (
    <div className="dl-payload">
      <div className="group-header">
        <h3>Payload</h3>
        <span className="small muted">
          {raw.length.toLocaleString()} bytes{' '}
          {pretty !== null && (
            <button
              type="button"
              className="link small"
              onClick={() => {
                setAsReceived((v) => !v);
              }}
            >
              {asReceived ? 'formatted' : 'as received'}
            </button>
          )}
        </span>
      </div>
      <pre className="payload" aria-label="Payload" tabIndex={0}>
        {asReceived || pretty === null ? <Marked text={raw} at={d.stage === 'parse' ? at : null} /> : pretty}
      </pre>
      {headers.length > 0 && (
        <details className="dl-headers">
          <summary>Headers ({headers.length})</summary>
          <table className="data small">
            <tbody>
              {headers.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}

/** The text with the character at (line, column) marked: where the parser stopped. */
function Marked({ text, at }: { text: string; at: { line: number; column: number } | null }) {
  if (!at) return <>{text}</>;
  const lines = text.split('\n');
  let offset = 0;
  for (let l = 1; l < at.line && l <= lines.length; l++) offset += (lines[l - 1]?.length ?? 0) + 1;
  offset = Math.min(offset + at.column - 1, text.length);
  return (
    <>
      {text.slice(0, offset)}
      <mark className="parse-stop" title="the parser stopped here">
        {text.slice(offset, offset + 1) || ' '}
      </mark>
      {text.slice(offset + 1)}
    </>
  );
}
