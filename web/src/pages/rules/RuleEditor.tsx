// The rule editor (/rules?new, /rules?edit=<id>): conditions with colours and the server's
// diagnostics in place, checked with POST /v1/rules:validate 300 ms after the last keystroke
// (nothing written), the preview of what the rule would produce (sources, targets, links and a
// sample of pairs), its lint warnings, ranking, schedule, and save with If-Match.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, errorText } from '../../api/client';
import {
  createRule,
  deleteRule,
  getRule,
  replaceRule,
  validateRule,
  type RuleBody,
  type RuleDiagnostic,
  type RuleReport,
} from '../../api/rules';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';
import { ConditionEditor } from './ConditionEditor';
import { LanguageHelp } from './LanguageHelp';
import { RuleHistory } from './RuleHistory';
import { RulePreview } from './RulePreview';
import { bodyOfForm, EMPTY_RULE, fieldErrors, formOfRule, type RuleForm } from './ruleForm';
import { ScheduleFields } from './ScheduleFields';

export function RuleEditor({ id }: { id: string | null }) {
  const { api } = useSession();
  // "Saved ..." outlives the form: a save remounts it (a new version, or the new rule's URL).
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(() => {
    const state = location.state as { saved?: string } | null;
    return state?.saved ?? null;
  });
  const existing = useResource(id ? `rule:${id}` : null, (s) => getRule(api, id ?? '', s));
  const stored = existing.data && existing.data.id === id ? existing.data : undefined;
  if (id && !stored) {
    return (
      <section>
        <PageHeader title={`Rule ${id}`}>
          <Link className="button-link" to="/rules">
            All rules
          </Link>
        </PageHeader>
        <ErrorNote>{existing.error}</ErrorNote>
        {!existing.error && <Loading what="the rule" />}
      </section>
    );
  }
  return (
    <EditorForm
      key={stored ? `${stored.id}@${stored.version}` : 'new'}
      initial={stored ? formOfRule(stored) : EMPTY_RULE}
      version={stored?.version ?? null}
      onStoredChanged={existing.reload}
      notice={notice}
      onNotice={setNotice}
    />
  );
}

interface FormProps {
  initial: RuleForm;
  /** The stored version (If-Match), null for a new rule. */
  version: number | null;
  onStoredChanged: () => void;
  notice: string | null;
  onNotice: (text: string | null) => void;
}

function EditorForm({ initial, version, onStoredChanged, notice, onNotice }: FormProps) {
  const { api, may } = useSession();
  const editable = may('write');
  const navigate = useNavigate();
  const isNew = version === null;
  const types = useResource('relation-types', (s) => api.relationTypes(s));
  const [form, setForm] = useState<RuleForm>(initial);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saveReport, setSaveReport] = useState<RuleReport | null>(null);
  // Empty conditions are not marked until the first save: a fresh form is not an error.
  const [submitted, setSubmitted] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const body = bodyOfForm(form);
  const bodyJson = JSON.stringify(body);
  const settled = useDebounced(bodyJson, 300);
  const settledBody = JSON.parse(settled) as RuleBody;
  // Nothing to check until a condition is written (the settled text too: it lags 300 ms).
  const worthChecking = editable && (form.when.trim() !== '' || form.then.trim() !== '');
  const settledWorth = editable && (settledBody.when.trim() !== '' || settledBody.then.trim() !== '');
  const check = useResource(settledWorth ? `rule-validate:${settled}` : null, (s) =>
    validateRule(api, settledBody, s),
  );
  const checking = worthChecking && (settled !== bodyJson || check.loading);
  const checkedBody = check.data || check.error ? settledBody : null;
  // The last report (the save's, if the save was refused after the check).
  const report = saveReport ?? check.data;
  const refused = check.error ? fieldErrors(check.error) : { fields: {}, rest: [] };
  const fieldProblem = (f: string) => refused.fields[f] ?? null;

  const diagnostics = [...(report?.errors ?? []), ...(report?.warnings ?? [])];
  const byField = (f: string) => diagnostics.filter((d) => d.field === f);
  // An empty field is marked only after a save was tried, and a finding about an empty text
  // no longer applies once something is typed.
  const inEditor = (f: 'when' | 'then' | 'context') => {
    const now = (body[f] ?? '').trim();
    const checked = checkedBody ? (checkedBody[f] ?? '').trim() : now;
    if (now === '' && !submitted) return [];
    if (now !== '' && checked === '') return [];
    return byField(f);
  };
  const staleFor = (f: 'when' | 'then' | 'context') =>
    checking || (checkedBody !== null && (checkedBody[f] ?? '') !== (body[f] ?? ''));

  function update(change: Partial<RuleForm>) {
    setForm((f) => ({ ...f, ...change }));
    onNotice(null);
    setSaveReport(null);
  }

  function save() {
    setSaving(true);
    setSubmitted(true);
    setSaveError(null);
    setConflict(false);
    setSaveReport(null);
    const action = isNew ? createRule(api, body) : replaceRule(api, body, version);
    action
      .then((r) => {
        const saved = `Saved rule ${r.id} (version ${r.version}): ${r.stats.edges} links from ${r.stats.sources} sources.`;
        if (isNew) {
          void navigate(`/rules?edit=${encodeURIComponent(r.id)}`, { replace: true, state: { saved } });
        } else {
          onNotice(saved);
          onStoredChanged();
        }
      })
      .catch((e: unknown) => {
        setSaveError(errorText(e));
        if (e instanceof ApiError) {
          if (e.status === 412) setConflict(true);
          const p = e.problem as Partial<RuleReport>;
          if (e.status === 422 && Array.isArray(p.errors)) {
            setSaveReport({
              valid: false,
              errors: p.errors,
              warnings: p.warnings ?? [],
              stats: p.stats ?? { sources: 0, targets: 0, edges: 0 },
              sample: p.sample ?? [],
            });
          }
        }
      })
      .finally(() => {
        setSaving(false);
      });
  }

  function remove() {
    if (version === null) return;
    setSaving(true);
    setSaveError(null);
    deleteRule(api, form.id, version)
      .then(() => navigate('/rules'))
      .catch((e: unknown) => {
        setSaveError(errorText(e));
        if (e instanceof ApiError && e.status === 412) setConflict(true);
      })
      .finally(() => {
        setSaving(false);
      });
  }

  const typeNames = types.data?.items.map((t) => t.name) ?? [form.type];
  if (!typeNames.includes(form.type)) typeNames.push(form.type);
  const general: RuleDiagnostic[] = diagnostics.filter((d) => d.field === '');
  const errorCount = report?.errors.length ?? 0;

  return (
    <section>
      <PageHeader title={isNew ? 'New rule' : `Rule ${form.id}`}>
        <Link className="button-link" to="/rules">
          All rules
        </Link>
      </PageHeader>
      <div className="rule-layout">
        <form
          className="rule-form"
          aria-label="Rule"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <fieldset className="panel rule-section" disabled={!editable}>
            <legend>Rule</legend>
            <div className="rule-row">
              {isNew && (
                <div className="field">
                  <label htmlFor="rule-id">ID</label>
                  <input
                    id="rule-id"
                    value={form.id}
                    required
                    placeholder="socks-for-shoes"
                    pattern="[a-z0-9][a-z0-9_\-]{0,63}"
                    title="1 to 64 characters of a-z, 0-9, - and _"
                    aria-describedby="rule-id-help rule-id-error"
                    onChange={(e) => {
                      update({ id: e.target.value });
                    }}
                  />
                  <span id="rule-id-help" className="muted small">
                    a-z, 0-9, - and _
                  </span>
                  <ErrorNote id="rule-id-error">{fieldProblem('id')}</ErrorNote>
                </div>
              )}
              <div className="field">
                <label htmlFor="rule-type-select">Relation type</label>
                <select
                  id="rule-type-select"
                  value={form.type}
                  onChange={(e) => {
                    update({ type: e.target.value });
                  }}
                >
                  {typeNames.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
                {byField('type').map((d) => (
                  <p key={d.message} className={d.severity === 'error' ? 'error' : 'warning'}>
                    {d.message}
                  </p>
                ))}
              </div>
              <div className="field grow">
                <label htmlFor="rule-description">Description</label>
                <input
                  id="rule-description"
                  value={form.description}
                  placeholder="what it is for, for the next merchandiser"
                  onChange={(e) => {
                    update({ description: e.target.value });
                  }}
                />
              </div>
              <label className="check">
                <input
                  type="checkbox"
                  checked={form.enabled}
                  onChange={(e) => {
                    update({ enabled: e.target.checked });
                  }}
                />
                Enabled
              </label>
            </div>
          </fieldset>

          <fieldset className="panel rule-section" disabled={!editable}>
            <legend>Conditions</legend>
            <ConditionEditor
              id="rule-when"
              label="When (which products get links)"
              hint={
                <>
                  Reads <code>source.*</code>: <code>source.price &gt; 50 &amp;&amp; source.category startsWith &quot;Footwear&quot;</code>
                </>
              }
              value={form.when}
              onChange={(when) => {
                update({ when });
              }}
              diagnostics={inEditor('when')}
              stale={staleFor('when')}
              placeholder='source.category startsWith "Footwear"'
              required
            />
            <ConditionEditor
              id="rule-then"
              label="Then (which products they link to)"
              hint={
                <>
                  Reads <code>target.*</code> and <code>source.*</code>:{' '}
                  <code>target.category == &quot;Accessories/Socks&quot; &amp;&amp; target.brand == source.brand</code>
                </>
              }
              value={form.then}
              onChange={(then) => {
                update({ then });
              }}
              diagnostics={inEditor('then')}
              stale={staleFor('then')}
              placeholder='target.category == "Accessories/Socks"'
              required
            />
            <ConditionEditor
              id="rule-context"
              label="Only for requests where (optional)"
              hint={
                <>
                  Checked per request: <code>customer.*</code>, <code>cart.*</code>, <code>now.*</code>
                </>
              }
              value={form.context}
              onChange={(context) => {
                update({ context });
              }}
              diagnostics={inEditor('context')}
              stale={staleFor('context')}
              placeholder='customer.segment == "high_value" || cart.total > 100'
            />
            <LanguageHelp />
          </fieldset>

          <fieldset className="panel rule-section" disabled={!editable}>
            <legend>Ranking</legend>
            <div className="rule-row">
              <div className="field">
                <label htmlFor="rule-weight">Weight</label>
                <div className="slider-pair">
                  <input
                    type="range"
                    min="0.1"
                    max="5"
                    step="0.1"
                    aria-label="Weight slider"
                    value={Number.isFinite(Number(form.weight)) ? form.weight : '1'}
                    onChange={(e) => {
                      update({ weight: e.target.value });
                    }}
                  />
                  <input
                    id="rule-weight"
                    type="number"
                    min="0.01"
                    max="1000"
                    step="any"
                    value={form.weight}
                    aria-describedby="rule-weight-error"
                    onChange={(e) => {
                      update({ weight: e.target.value });
                    }}
                  />
                </div>
                <ErrorNote id="rule-weight-error">{fieldProblem('weight')}</ErrorNote>
              </div>
              <div className="field">
                <label htmlFor="rule-priority">Priority</label>
                <input
                  id="rule-priority"
                  type="number"
                  step="1"
                  value={form.priority}
                  aria-describedby="rule-priority-help rule-priority-error"
                  onChange={(e) => {
                    update({ priority: e.target.value });
                  }}
                />
                <span id="rule-priority-help" className="muted small">
                  higher wins ties
                </span>
                <ErrorNote id="rule-priority-error">{fieldProblem('priority')}</ErrorNote>
              </div>
              <div className="field">
                <label htmlFor="rule-limit">Limit</label>
                <input
                  id="rule-limit"
                  type="number"
                  min="1"
                  max="1000"
                  step="1"
                  value={form.limit}
                  aria-describedby="rule-limit-help rule-limit-error"
                  onChange={(e) => {
                    update({ limit: e.target.value });
                  }}
                />
                <span id="rule-limit-help" className="muted small">
                  targets per source
                </span>
                <ErrorNote id="rule-limit-error">{fieldProblem('limit')}</ErrorNote>
              </div>
            </div>
          </fieldset>

          <ScheduleFields form={form} disabled={!editable} onChange={update} error={fieldProblem('schedule')} />

          {editable && (
            <div className="save-bar rule-save">
              <button type="submit" className="primary" disabled={saving || (isNew && !form.id.trim())}>
                {saving ? 'Saving…' : isNew ? 'Create rule' : 'Save changes'}
              </button>
              {!isNew &&
                (confirmDelete ? (
                  <span className="confirm" role="group" aria-label="Delete this rule?">
                    <button type="button" className="danger" disabled={saving} onClick={remove}>
                      Delete the rule and its links
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setConfirmDelete(false);
                      }}
                    >
                      Keep it
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirmDelete(true);
                    }}
                  >
                    Delete
                  </button>
                ))}
              {errorCount > 0 && !checking && (
                <span className="muted small">
                  {errorCount} {errorCount === 1 ? 'error' : 'errors'}: the server will refuse it until fixed.
                </span>
              )}
              {notice && (
                <span className="notice" role="status">
                  {notice}
                </span>
              )}
              <ErrorNote>{saveError}</ErrorNote>
              {conflict && (
                <button type="button" onClick={onStoredChanged}>
                  Load the current version (discards these edits)
                </button>
              )}
            </div>
          )}
        </form>
        <aside className="rule-side">
          <RulePreview
            report={check.error && !saveReport ? null : report}
            checking={checking}
            refused={check.error ? (refused.rest.length ? refused.rest.join('; ') : 'fix the fields marked in the form') : null}
            idle={!worthChecking}
            general={general}
            editable={editable}
          />
          {!isNew && <RuleHistory id={form.id} version={version} editable={editable} onRestored={onStoredChanged} />}
        </aside>
      </div>
    </section>
  );
}
