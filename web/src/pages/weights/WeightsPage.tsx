// /weights: each relation type's default weight (its share of every score) and its constraints.
import { useState } from 'react';
import { errorText } from '../../api/client';
import type { RelationType } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';

export function WeightsPage() {
  const { api, may } = useSession();
  const types = useResource('types', (s) => api.relationTypes(s));
  return (
    <section>
      <PageHeader title="Weights" />
      <p className="muted">
        A recommendation&apos;s score is the type weight × the link (or rule) weight; pinned
        positions come first.
      </p>
      <ErrorNote>{types.error}</ErrorNote>
      {!types.data ? (
        !types.error && <Loading what="relation types" />
      ) : (
        <table className="data" aria-label="Relation types">
          <thead>
            <tr>
              <th>Type</th>
              <th>Weight</th>
              <th>Direction</th>
              <th>Acyclic</th>
              <th className="num">Max per product</th>
            </tr>
          </thead>
          <tbody>
            {types.data.items.map((t) => (
              <TypeRow key={`${t.name}@${t.version}`} type={t} editable={may('write')} onSaved={types.reload} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TypeRow({ type, editable, onSaved }: { type: RelationType; editable: boolean; onSaved: () => void }) {
  const { api } = useSession();
  const [weight, setWeight] = useState(String(type.weight));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = weight !== String(type.weight);
  function save() {
    setBusy(true);
    setError(null);
    api
      .putRelationType(type.name, { weight: Number(weight) }, type.version || undefined)
      .then(onSaved)
      .catch((e: unknown) => {
        setError(errorText(e));
      })
      .finally(() => {
        setBusy(false);
      });
  }
  return (
    <tr>
      <td>
        <strong>{type.name}</strong> {type.builtin && <span className="badge">built in</span>}
      </td>
      <td>
        {editable ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <input
              type="number"
              step="0.1"
              min="0"
              className="weight"
              aria-label={`Weight of ${type.name}`}
              value={weight}
              onChange={(e) => {
                setWeight(e.target.value);
              }}
            />
            <button type="submit" className="small" disabled={!changed || busy}>
              Save
            </button>
          </form>
        ) : (
          type.weight
        )}
        <ErrorNote>{error}</ErrorNote>
      </td>
      <td>{type.directed ? 'directed' : 'symmetric'}</td>
      <td>{type.acyclic ? 'yes' : 'no'}</td>
      <td className="num">{type.max_per_product || 'unlimited'}</td>
    </tr>
  );
}
