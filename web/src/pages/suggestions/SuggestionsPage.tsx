// /suggestions: pending links proposed by mining, with their evidence, to accept or reject.
import { useState } from 'react';
import { Link } from 'react-router';
import { errorText } from '../../api/client';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

export function SuggestionsPage() {
  const { api, may } = useSession();
  const list = useResource('suggestions', (s) => api.suggestions(s));
  const [errors, setErrors] = useState<Record<number, string>>({});
  const [busy, setBusy] = useState<number | null>(null);

  function decide(id: number, decision: 'accept' | 'reject') {
    setBusy(id);
    api
      .decideSuggestion(id, decision)
      .then(() => {
        setErrors(({ [id]: _gone, ...rest }) => rest);
      })
      .catch((e: unknown) => {
        setErrors((m) => ({ ...m, [id]: errorText(e) }));
      })
      .finally(() => {
        setBusy(null);
        list.reload();
      });
  }

  return (
    <section>
      <PageHeader title="Suggestions" />
      <ErrorNote>{list.error}</ErrorNote>
      {!list.data ? (
        !list.error && <Loading what="suggestions" />
      ) : list.data.items.length === 0 ? (
        <p className="muted">
          No pending suggestions. A mining job over the order history proposes links here.
        </p>
      ) : (
        <table className="data" aria-label="Suggestions">
          <thead>
            <tr>
              <th>Source</th>
              <th>Suggested</th>
              <th>Type</th>
              <th className="num">Together</th>
              <th className="num">Confidence</th>
              <th className="num">Lift</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((x) => (
              <tr key={x.id}>
                <td>
                  <Link to={`/catalog/${encodeURIComponent(x.source)}`}>{x.source}</Link>
                </td>
                <td>
                  <Link to={`/catalog/${encodeURIComponent(x.target)}`}>{x.target}</Link>
                  <div className="muted small">{x.reason}</div>
                </td>
                <td>{x.type}</td>
                <td className="num">{x.evidence.together}</td>
                <td className="num">{x.evidence.confidence.toFixed(2)}</td>
                <td className="num">{x.evidence.lift.toFixed(2)}</td>
                <td>
                  {may('write') ? (
                    <span className="page-actions small">
                      <button
                        type="button"
                        aria-label={`Accept ${x.source} ${x.type} ${x.target}`}
                        disabled={busy !== null}
                        onClick={() => {
                          decide(x.id, 'accept');
                        }}
                      >
                        Accept
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Reject ${x.source} ${x.type} ${x.target}`}
                        disabled={busy !== null}
                        onClick={() => {
                          decide(x.id, 'reject');
                        }}
                      >
                        Reject
                      </button>
                    </span>
                  ) : (
                    <span className="muted">{x.status}</span>
                  )}
                  <ErrorNote>{errors[x.id]}</ErrorNote>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
