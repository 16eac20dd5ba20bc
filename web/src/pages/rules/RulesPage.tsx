// /rules: every rule with what it produces (sources, targets, edges), its schedule and its lint
// warnings; enable or disable one in place, delete one. /rules?new and /rules?edit=<id> open the
// editor (the route stays /rules, so the app's routes need no change).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { errorText } from '../../api/client';
import { bodyOfRule, deleteRule, listRules, replaceRule, type RuleView } from '../../api/rules';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useResource } from '../../ui/useResource';
import { ConditionText } from './ConditionEditor';
import { RuleEditor } from './RuleEditor';
import { scheduleActive, scheduleText } from './ruleForm';
import './rules.css';

export function RulesPage() {
  const [params] = useSearchParams();
  const edit = params.get('edit');
  if (edit !== null || params.has('new')) return <RuleEditor key={edit ?? '(new)'} id={edit} />;
  return <RuleList />;
}

function RuleList() {
  const { api, may } = useSession();
  const editable = may('write');
  const rules = useResource('rules', (s) => listRules(api, s));
  const [filter, setFilter] = useState('');
  const [type, setType] = useState('');
  const [onlyWarnings, setOnlyWarnings] = useState(false);
  const items = rules.data?.items ?? [];
  const types = [...new Set(items.map((r) => r.type))].sort();
  const q = filter.trim().toLowerCase();
  const shown = items
    .filter(
      (r) =>
        (!q || `${r.id} ${r.description ?? ''} ${r.when} ${r.then}`.toLowerCase().includes(q)) &&
        (!type || r.type === type) &&
        (!onlyWarnings || r.warnings.length > 0),
    )
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));

  return (
    <section>
      <PageHeader title="Rules">
        {editable && (
          <Link className="button-link primary-link" to="/rules?new">
            New rule
          </Link>
        )}
      </PageHeader>
      <p className="muted">
        A rule links every product its <em>when</em> condition selects to the targets its{' '}
        <em>then</em> condition selects, up to its limit per source; higher priority first. Manual
        links always win over a rule&apos;s.
      </p>
      <ErrorNote>{rules.error}</ErrorNote>
      {!rules.data ? (
        !rules.error && <Loading what="rules" />
      ) : items.length === 0 ? (
        <div className="panel empty-state">
          <p>No rules yet.</p>
          {editable && (
            <p>
              <Link to="/rules?new">Write the first rule</Link>: for example, socks as accessories
              for every running shoe over $50.
            </p>
          )}
        </div>
      ) : (
        <>
          <div className="filters rules-filters" role="search" aria-label="Filter rules">
            <div className="field">
              <label htmlFor="rule-filter">Find</label>
              <input
                id="rule-filter"
                type="search"
                placeholder="id, description or condition"
                value={filter}
                onChange={(e) => {
                  setFilter(e.target.value);
                }}
              />
            </div>
            <div className="field">
              <label htmlFor="rule-type">Type</label>
              <select
                id="rule-type"
                value={type}
                onChange={(e) => {
                  setType(e.target.value);
                }}
              >
                <option value="">all types</option>
                {types.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </div>
            <label className="check">
              <input
                type="checkbox"
                checked={onlyWarnings}
                onChange={(e) => {
                  setOnlyWarnings(e.target.checked);
                }}
              />
              only rules with warnings
            </label>
            <span className="muted small" aria-live="polite">
              {shown.length} of {items.length} rules
            </span>
          </div>
          <table className="data rules-table" aria-label="Rules">
            <colgroup>
              <col className="col-rule" />
              <col />
              <col className="col-produces" />
              <col className="col-schedule" />
              <col className="col-state" />
              {editable && <col className="col-actions" />}
            </colgroup>
            <thead>
              <tr>
                <th>Rule</th>
                <th>Conditions</th>
                <th className="num">Produces</th>
                <th>Schedule</th>
                <th>State</th>
                {editable && <th>Actions</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <RuleRow key={`${r.id}@${r.version}`} rule={r} editable={editable} onChanged={rules.reload} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function RuleRow({ rule: r, editable, onChanged }: { rule: RuleView; editable: boolean; onChanged: () => void }) {
  const { api } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const inSeason = scheduleActive(r.schedule);

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
    <tr data-rule={r.id} className={r.enabled ? undefined : 'rule-disabled'}>
      <td className="rule-name">
        {editable ? (
          <Link to={`/rules?edit=${encodeURIComponent(r.id)}`}>
            <strong>{r.id}</strong>
          </Link>
        ) : (
          <strong>{r.id}</strong>
        )}
        <span className="badge">{r.type}</span>
        {r.description && <div className="small">{r.description}</div>}
        <div className="muted small">
          priority {r.priority} · weight {r.weight} · limit {r.limit}
        </div>
      </td>
      <td className="small rule-conditions">
        <div className="cond-line">
          <span className="cond-label">when</span> <ConditionText text={r.when} />
        </div>
        <div className="cond-line">
          <span className="cond-label">then</span> <ConditionText text={r.then} />
        </div>
        {r.context && (
          <div className="cond-line">
            <span className="cond-label">context</span> <ConditionText text={r.context} />
          </div>
        )}
        {r.warnings.map((w) => (
          <p key={`${w.field}:${w.message}`} className="warning small">
            {w.field && <strong>{w.field}: </strong>}
            {w.message}
          </p>
        ))}
      </td>
      <td className="num small rule-produces">
        <div>
          <strong>{r.stats.edges}</strong> links
        </div>
        <div className="muted">
          {r.stats.sources} sources · {r.stats.targets} targets
        </div>
      </td>
      <td className="small rule-schedule">
        {scheduleText(r.schedule)}
        {r.schedule && (
          <div>
            <span className={`badge ${inSeason ? 'ok' : 'warn'}`}>{inSeason ? 'live now' : 'not live now'}</span>
          </div>
        )}
      </td>
      <td>
        {r.enabled ? <span className="badge ok">enabled</span> : <span className="badge">disabled</span>}
      </td>
      {editable && (
        <td className="rule-actions small">
          <button
            type="button"
            disabled={busy}
            aria-label={`${r.enabled ? 'Disable' : 'Enable'} ${r.id}`}
            onClick={() => {
              run(replaceRule(api, { ...bodyOfRule(r), enabled: !r.enabled }, r.version));
            }}
          >
            {r.enabled ? 'Disable' : 'Enable'}
          </button>
          <Link className="button-link" to={`/rules?edit=${encodeURIComponent(r.id)}`} aria-label={`Edit ${r.id}`}>
            Edit
          </Link>
          {confirming ? (
            <span className="confirm" role="group" aria-label={`Delete ${r.id}?`}>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => {
                  run(deleteRule(api, r.id, r.version));
                }}
              >
                Delete {r.stats.edges} links too
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
              aria-label={`Delete ${r.id}`}
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
