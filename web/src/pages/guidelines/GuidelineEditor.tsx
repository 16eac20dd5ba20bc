// The guideline editor (/guidelines?new, /guidelines?edit=<id>): the `require` condition with the
// rule editor's colours and the server's diagnostics in place (the Rules page's ConditionEditor),
// checked with POST /v1/guidelines:validate 300 ms after the last keystroke (nothing written),
// which also says how many live links break it now; types, severity, enabled; save with If-Match.
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, errorText } from '../../api/client';
import {
  createGuideline,
  deleteGuideline,
  getGuideline,
  replaceGuideline,
  validateGuideline,
  type GuidelineBody,
  type GuidelineReport,
} from '../../api/reports';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';
import { ConditionEditor } from '../rules/ConditionEditor';
import { LanguageHelp } from '../rules/LanguageHelp';
import '../rules/rules.css';

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

const EMPTY: GuidelineBody = {
  id: '',
  description: '',
  types: [],
  require: '',
  severity: 'error',
  enabled: true,
};

export function GuidelineEditor({ id }: { id: string | null }) {
  const { api } = useSession();
  const location = useLocation();
  const [notice, setNotice] = useState<string | null>(() => {
    const state = location.state as { saved?: string } | null;
    return state?.saved ?? null;
  });
  const existing = useResource(id ? `guideline:${id}` : null, (s) => getGuideline(api, id ?? '', s));
  const stored = existing.data && existing.data.id === id ? existing.data : undefined;
  if (id && !stored) {
    return (
      <section>
        <PageHeader title={`Guideline ${id}`}>
          <Link className="button-link" to="/guidelines">
            All guidelines
          </Link>
        </PageHeader>
        <ErrorNote>{existing.error}</ErrorNote>
        {!existing.error && <Loading what="the guideline" />}
      </section>
    );
  }
  return (
    <EditorForm
      key={stored ? `${stored.id}@${String(stored.version)}` : 'new'}
      initial={
        stored
          ? {
              id: stored.id,
              description: stored.description,
              types: stored.types,
              require: stored.require,
              severity: stored.severity,
              enabled: stored.enabled,
            }
          : EMPTY
      }
      version={stored?.version ?? null}
      onStoredChanged={existing.reload}
      notice={notice}
      onNotice={setNotice}
    />
  );
}

interface FormProps {
  initial: GuidelineBody;
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
  const relationTypes = useResource('relation-types', (s) => api.relationTypes(s));
  const [form, setForm] = useState<GuidelineBody>(initial);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saveReport, setSaveReport] = useState<GuidelineReport | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  // The dry run needs a well-formed id; a new guideline's half-typed id is checked on its own.
  const idOk = ID_PATTERN.test(form.id);
  const dryBody: GuidelineBody = { ...form, id: idOk ? form.id : 'draft' };
  const bodyJson = JSON.stringify(dryBody);
  const settled = useDebounced(bodyJson, 300);
  const settledBody = JSON.parse(settled) as GuidelineBody;
  const worth = editable && form.require.trim() !== '';
  const settledWorth = editable && settledBody.require.trim() !== '';
  const check = useResource(settledWorth ? `guideline-validate:${settled}` : null, (s) =>
    validateGuideline(api, settledBody, s),
  );
  const checking = worth && (settled !== bodyJson || check.loading);
  const report = saveReport ?? (settledWorth ? check.data : undefined);
  const diagnostics = [...(report?.errors ?? []), ...(report?.warnings ?? [])];
  const requireDiags =
    form.require.trim() === '' && !submitted ? [] : diagnostics.filter((d) => d.field === 'require');
  const otherDiags = diagnostics.filter((d) => d.field !== 'require');
  const stale = checking || settledBody.require !== form.require;

  const typeNames = [...(relationTypes.data?.items.map((t) => t.name) ?? []), 'bundle'];
  for (const t of form.types) if (!typeNames.includes(t)) typeNames.push(t);

  function update(change: Partial<GuidelineBody>) {
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
    const action = isNew ? createGuideline(api, form) : replaceGuideline(api, form, version);
    action
      .then((g) => {
        const saved = `Saved guideline ${g.id} (version ${String(g.version)}): ${String(g.violations)} live ${g.violations === 1 ? 'link breaks' : 'links break'} it now.`;
        if (isNew) {
          void navigate(`/guidelines?edit=${encodeURIComponent(g.id)}`, { replace: true, state: { saved } });
        } else {
          onNotice(saved);
          onStoredChanged();
        }
      })
      .catch((e: unknown) => {
        setSaveError(errorText(e));
        if (e instanceof ApiError) {
          if (e.status === 412) setConflict(true);
          const p = e.problem as Partial<GuidelineReport>;
          if (e.status === 422 && Array.isArray(p.errors)) {
            setSaveReport({ valid: false, errors: p.errors, warnings: p.warnings ?? [], violations: null });
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
    deleteGuideline(api, form.id, version)
      .then(() => navigate('/guidelines'))
      .catch((e: unknown) => {
        setSaveError(errorText(e));
        if (e instanceof ApiError && e.status === 412) setConflict(true);
      })
      .finally(() => {
        setSaving(false);
      });
  }

  const errorCount = report?.errors.length ?? 0;

  return (
    <section>
      <PageHeader title={isNew ? 'New guideline' : `Guideline ${form.id}`}>
        <Link className="button-link" to="/guidelines">
          All guidelines
        </Link>
      </PageHeader>
      <div className="rule-layout">
        <form
          className="rule-form"
          aria-label="Guideline"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <fieldset className="panel rule-section" disabled={!editable}>
            <legend>Guideline</legend>
            <div className="rule-row">
              {isNew && (
                <div className="field">
                  <label htmlFor="guideline-id">ID</label>
                  <input
                    id="guideline-id"
                    value={form.id}
                    required
                    placeholder="upsell-costs-more"
                    aria-invalid={form.id !== '' && !idOk}
                    aria-describedby="guideline-id-help"
                    onChange={(e) => {
                      update({ id: e.target.value });
                    }}
                  />
                  <span id="guideline-id-help" className={form.id !== '' && !idOk ? 'error small' : 'muted small'}>
                    a-z, 0-9, - and _
                  </span>
                </div>
              )}
              <div className="field grow">
                <label htmlFor="guideline-description">Description</label>
                <input
                  id="guideline-description"
                  value={form.description}
                  placeholder="what the brand asks, in words"
                  onChange={(e) => {
                    update({ description: e.target.value });
                  }}
                />
              </div>
            </div>
            <div className="rule-row">
              <div className="field">
                <label htmlFor="guideline-severity">Severity</label>
                <select
                  id="guideline-severity"
                  value={form.severity}
                  aria-describedby="guideline-severity-help"
                  onChange={(e) => {
                    update({ severity: e.target.value === 'warning' ? 'warning' : 'error' });
                  }}
                >
                  <option value="error">error</option>
                  <option value="warning">warning</option>
                </select>
                <span id="guideline-severity-help" className="muted small">
                  {form.severity === 'error' ? 'refuses new links that break it' : 'only reports'}
                </span>
              </div>
              <fieldset className="type-choices">
                <legend>Types</legend>
                {typeNames.map((t) => (
                  <label key={t} className="check">
                    <input
                      type="checkbox"
                      checked={form.types.includes(t)}
                      onChange={(e) => {
                        update({
                          types: e.target.checked ? [...form.types, t] : form.types.filter((x) => x !== t),
                        });
                      }}
                    />
                    {t}
                  </label>
                ))}
                <span className="muted small">{form.types.length === 0 ? 'none ticked: all types' : ''}</span>
              </fieldset>
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
            {otherDiags.map((d) => (
              <p key={`${d.field}:${d.message}`} className={d.severity === 'error' ? 'error' : 'warning'}>
                {d.field && <strong>{d.field}: </strong>}
                {d.message}
              </p>
            ))}
          </fieldset>

          <fieldset className="panel rule-section" disabled={!editable}>
            <legend>Condition</legend>
            <ConditionEditor
              id="guideline-require"
              label="Require (every link of these types must meet it)"
              hint={
                <>
                  Reads <code>source.*</code> and <code>target.*</code> only:{' '}
                  <code>target.price &gt; source.price</code>,{' '}
                  <code>target.in_stock &amp;&amp; target.status == &quot;active&quot;</code>
                </>
              }
              value={form.require}
              onChange={(require) => {
                update({ require });
              }}
              diagnostics={requireDiags}
              stale={stale}
              placeholder="target.brand == source.brand"
              required
            />
            <LanguageHelp />
          </fieldset>

          {editable && (
            <div className="save-bar rule-save">
              <button type="submit" className="primary" disabled={saving || (isNew && !idOk)}>
                {saving ? 'Saving…' : isNew ? 'Create guideline' : 'Save changes'}
              </button>
              {!isNew &&
                (confirmDelete ? (
                  <span className="confirm" role="group" aria-label="Delete this guideline?">
                    <button type="button" className="danger" disabled={saving} onClick={remove}>
                      Delete the guideline
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
          <section className="panel" aria-labelledby="dry-run-title">
            <h2 id="dry-run-title" className="section-title">
              Dry run
            </h2>
            {!worth ? (
              <p className="muted">Write the condition to check it against the live links.</p>
            ) : check.error && !saveReport ? (
              <ErrorNote>{check.error}</ErrorNote>
            ) : !report ? (
              <Loading what="the check" />
            ) : (
              <div aria-live="polite" aria-busy={checking} className={checking ? 'stale' : undefined}>
                <p>
                  {report.valid ? (
                    <span className="badge ok">valid</span>
                  ) : (
                    <span className="badge bad">not valid</span>
                  )}
                </p>
                {report.violations !== null && (
                  <p>
                    <strong data-stat="violations">{report.violations}</strong> live{' '}
                    {report.violations === 1 ? 'link breaks' : 'links break'} it now
                    {form.enabled ? '' : ' (counted as if enabled)'}.
                  </p>
                )}
                {!isNew && (
                  <p>
                    <Link to={`/reports?guideline=${encodeURIComponent(form.id)}#violations`}>
                      See its violations
                    </Link>
                  </p>
                )}
              </div>
            )}
            <p className="muted small">Nothing is saved by the check. Links made before a guideline stay; they show in the report.</p>
          </section>
        </aside>
      </div>
    </section>
  );
}
