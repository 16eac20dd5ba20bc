// A rule's audited versions, newest first, and restoring an older one (checked like a save).
import { useState } from 'react';
import { errorText } from '../../api/client';
import { restoreRule, ruleVersions } from '../../api/rules';
import { useSession } from '../../auth/session';
import { ErrorNote } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

interface Props {
  id: string;
  version: number | null;
  editable: boolean;
  onRestored: () => void;
}

export function RuleHistory({ id, version, editable, onRestored }: Props) {
  const { api } = useSession();
  const history = useResource(`rule-versions:${id}@${version ?? 0}`, (s) => ruleVersions(api, id, s));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function restore(v: number) {
    setBusy(true);
    setError(null);
    restoreRule(api, id, v)
      .then(onRestored)
      .catch((e: unknown) => {
        setError(errorText(e));
      })
      .finally(() => {
        setBusy(false);
      });
  }

  const items = history.data?.items ?? [];
  return (
    <details className="panel rule-history">
      <summary>
        <h2>History</h2> <span className="muted small">{items.length === 1 ? '1 version' : items.length ? `${items.length} versions` : ''}</span>
      </summary>
      <ErrorNote>{history.error}</ErrorNote>
      <ErrorNote>{error}</ErrorNote>
      <ol className="history-list">
        {items.map((h) => (
          <li key={h.audit_id}>
            <div>
              <strong>v{h.version}</strong> {h.action} by {h.actor}
              {h.version === version && <span className="badge ok">current</span>}
            </div>
            <div className="muted small">{new Date(h.at).toLocaleString()}</div>
            {h.state && (
              <div className="small muted history-state">
                {h.state.enabled ? '' : 'disabled · '}weight {h.state.weight} · priority {h.state.priority} · limit{' '}
                {h.state.limit}
              </div>
            )}
            {editable && h.state && h.version !== version && h.action !== 'delete' && (
              <button
                type="button"
                className="small"
                disabled={busy}
                onClick={() => {
                  restore(h.version);
                }}
              >
                Restore v{h.version}
              </button>
            )}
          </li>
        ))}
      </ol>
    </details>
  );
}
