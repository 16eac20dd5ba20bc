// /guidelines: the brand guidelines (a condition over source and target that every link of their
// types must meet), with enable/disable, edit and delete in place, and how many live links break
// each (from the violations report). /guidelines?new and ?edit=<id> open the editor.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import {
  bodyOfGuideline,
  deleteGuideline,
  listGuidelines,
  replaceGuideline,
  violationsReport,
  type Guideline,
} from '../../api/reports';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { ConditionText } from '../rules/ConditionEditor';
import { GuidelineEditor } from './GuidelineEditor';
import './guidelines.css';

export function GuidelinesPage() {
  const [params] = useSearchParams();
  const edit = params.get('edit');
  if (edit !== null || params.has('new')) return <GuidelineEditor key={edit ?? '(new)'} id={edit} />;
  return <GuidelineList />;
}

function GuidelineList() {
  const { api, may } = useSession();
  const editable = may('write');
  const list = useResource('guidelines', (s) => listGuidelines(api, s));
  const counts = useResource(`guideline-counts:${String(list.data?.items.length ?? -1)}`, (s) =>
    violationsReport(api, { limit: 1 }, s),
  );
  const items = [...(list.data?.items ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  return (
    <section>
      <PageHeader title="Guidelines">
        {editable && (
          <Link className="button-link primary-link" to="/guidelines?new">
            New guideline
          </Link>
        )}
      </PageHeader>
      <p className="muted">
        A guideline is a condition over <code>source.*</code> and <code>target.*</code> that every
        link of its types must meet. An <strong>error</strong> guideline refuses new links, rules and
        bundles that break it; a <strong>warning</strong> only reports. Existing links that break one
        show in the <Link to="/reports#violations">violations report</Link>.
      </p>
      <ErrorNote>{list.error}</ErrorNote>
      {!list.data ? (
        !list.error && <Loading what="guidelines" />
      ) : items.length === 0 ? (
        <div className="panel empty-state">
          <p>No guidelines yet.</p>
          {editable && (
            <p>
              <Link to="/guidelines?new">Write the first guideline</Link>: for example, an upsell
              costs more than the product it upsells.
            </p>
          )}
        </div>
      ) : (
        <table className="data guidelines-table" aria-label="Guidelines">
          <thead>
            <tr>
              <th>Guideline</th>
              <th>Requires</th>
              <th>Types</th>
              <th>Severity</th>
              <th className="num">Violations</th>
              <th>State</th>
              {editable && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {items.map((g) => (
              <GuidelineRow
                key={`${g.id}@${String(g.version)}`}
                g={g}
                violations={counts.data?.counts[g.id]}
                editable={editable}
                onChanged={list.reload}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

interface RowProps {
  g: Guideline;
  violations: number | undefined;
  editable: boolean;
  onChanged: () => void;
}

function GuidelineRow({ g, violations, editable, onChanged }: RowProps) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);

  function run(action: Promise<unknown>) {
    setBusy(true);
    setError(null);
    action
      .then(onChanged)
      .catch((e: unknown) => {
        setError(errorText(e));
      })
      .finally(() => {
        setBusy(false);
      });
  }

  return (
    <tr data-guideline={g.id} className={g.enabled ? undefined : 'rule-disabled'}>
      <td>
        {editable ? (
          <Link to={`/guidelines?edit=${encodeURIComponent(g.id)}`}>
            <strong>{g.id}</strong>
          </Link>
        ) : (
          <strong>{g.id}</strong>
        )}
        {g.description && <div className="small">{g.description}</div>}
      </td>
      <td className="small">
        <ConditionText text={g.require} />
        {g.warnings.map((w) => (
          <p key={w.message} className="warning small">
            {w.message}
          </p>
        ))}
      </td>
      <td>
        {g.types.length === 0 ? (
          <span className="muted small">all types</span>
        ) : (
          g.types.map((t) => (
            <span key={t} className="badge">
              {t}
            </span>
          ))
        )}
      </td>
      <td>
        <span className={`badge ${g.severity === 'error' ? 'bad' : 'warn'}`}>{g.severity}</span>
      </td>
      <td className="num">
        {violations === undefined ? (
          <span className="muted">—</span>
        ) : (
          <Link to={`/reports?guideline=${encodeURIComponent(g.id)}#violations`}>{violations}</Link>
        )}
      </td>
      <td>{g.enabled ? <span className="badge ok">enabled</span> : <span className="badge">disabled</span>}</td>
      {editable && (
        <td className="rule-actions small">
          <button
            type="button"
            disabled={busy}
            aria-label={`${g.enabled ? 'Disable' : 'Enable'} ${g.id}`}
            onClick={() => {
              run(replaceGuideline(api, { ...bodyOfGuideline(g), enabled: !g.enabled }, g.version));
            }}
          >
            {g.enabled ? 'Disable' : 'Enable'}
          </button>
          <Link className="button-link" to={`/guidelines?edit=${encodeURIComponent(g.id)}`} aria-label={`Edit ${g.id}`}>
            Edit
          </Link>
          {confirming ? (
            <span className="confirm" role="group" aria-label={`Delete ${g.id}?`}>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => {
                  run(deleteGuideline(api, g.id, g.version));
                }}
              >
                Delete it
              </button>
              <button
                type="button"
                onClick={() => {
                  setConfirming(false);
                }}
              >
                Keep
              </button>
            </span>
          ) : (
            <button
              type="button"
              className="danger"
              aria-label={`Delete ${g.id}`}
              onClick={() => {
                setConfirming(true);
              }}
            >
              Delete
            </button>
          )}
          <ErrorNote>{error}</ErrorNote>
        </td>
      )}
    </tr>
  );
}
