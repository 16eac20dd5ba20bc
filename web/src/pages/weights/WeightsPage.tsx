// /weights: each relation type's default weight, and a chosen product's link and rule weights, on
// sliders. While a slider moves, the product's ranking is asked again with the weights on the
// sliders (POST /v1/recommendations with "weights": a preview, nothing saved) and shown beside the
// saved ranking; Save applies the changes (each with If-Match), Reset discards them.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiError, errorText } from '../../api/client';
import { bodyOfRule, getRule, replaceRule } from '../../api/rules';
import type { Relationship, RelationType } from '../../api/types';
import { ranking, setLinkWeight, setTypeWeight, type WeightOverrides } from '../../api/weights';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, OriginBadge, PageHeader } from '../../ui/bits';
import { useDebounced, useResource } from '../../ui/useResource';
import { ProductChooser } from './ProductChooser';
import { RankingPreview } from './RankingPreview';
import { WeightSlider } from './WeightSlider';
import { changeCount, EMPTY_DRAFT, overridesOf, withWeight, without, type DraftKind, type WeightDraft } from './weightsModel';
import './weights.css';

const LIMIT = 20;

export function WeightsPage() {
  const { api, may } = useSession();
  const canSave = may('write');
  const [params, setParams] = useSearchParams();
  const sku = params.get('sku') ?? '';
  const types = useResource('relation-types', (s) => api.relationTypes(s));
  const links = useResource(sku ? `weights-links:${sku}` : null, (s) => api.relationships(sku, 'both', s));
  const product = useResource(sku ? `weights-product:${sku}` : null, (s) => api.product(sku, s));
  const before = useResource(sku ? `weights-ranking:${sku}` : null, (s) =>
    ranking(api, { sku, limit: LIMIT, explain: true }, s),
  );

  const [draft, setDraft] = useState<WeightDraft>(EMPTY_DRAFT);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const changes = changeCount(draft);

  // The preview follows the sliders closely: 120 ms after the last move, the older request cancelled.
  const overridesJson = JSON.stringify(overridesOf(draft));
  const settled = useDebounced(overridesJson, 120);
  const after = useResource(sku && changes > 0 ? `weights-preview:${sku}:${settled}` : null, (s) =>
    ranking(api, { sku, limit: LIMIT, explain: true, weights: JSON.parse(settled) as WeightOverrides }, s),
  );
  const previewing = changes > 0 && (settled !== overridesJson || after.loading);

  const typeList = types.data?.items ?? [];
  const typeByName = new Map(typeList.map((t) => [t.name, t]));
  const productLinks = (links.data?.items ?? []).filter(
    (l) => l.source === sku || (l.target === sku && typeByName.get(l.type)?.directed === false),
  );
  const rules = rulesOf(before.data?.items ?? []);

  function set(kind: DraftKind, key: string, value: number, saved: number) {
    setDraft((d) => withWeight(d, kind, key, value, saved));
    setNotice(null);
  }

  function choose(next: string) {
    // Link and rule changes belong to the product they were made for.
    setDraft((d) => ({ ...d, links: {}, rules: {} }));
    setErrors({});
    setParams(next ? { sku: next } : {});
  }

  function reset() {
    setDraft(EMPTY_DRAFT);
    setErrors({});
    setNotice(null);
  }

  /** The refusal as the user reads it; a lost update says what to do next. */
  function refusal(e: unknown): string {
    if (e instanceof ApiError && e.status === 412) {
      return `${e.detail}: it was changed meanwhile, and its saved value is shown now. Save again to apply yours, or undo.`;
    }
    return errorText(e);
  }

  async function save() {
    setSaving(true);
    setNotice(null);
    const failed: Record<string, string> = {};
    let saved = 0;
    const done = (kind: DraftKind, key: string) => {
      saved++;
      setDraft((d) => ({ ...d, [kind]: without(d[kind], key) }));
    };
    for (const [name, w] of Object.entries(draft.types)) {
      try {
        await setTypeWeight(api, name, w, typeByName.get(name)?.version ?? 0);
        done('types', name);
      } catch (e) {
        failed[`types:${name}`] = refusal(e);
      }
    }
    for (const [id, w] of Object.entries(draft.links)) {
      const link = productLinks.find((l) => String(l.id) === id);
      try {
        await setLinkWeight(api, Number(id), w, link?.version ?? 0);
        done('links', id);
      } catch (e) {
        failed[`links:${id}`] = refusal(e);
      }
    }
    for (const [id, w] of Object.entries(draft.rules)) {
      try {
        const rule = await getRule(api, id);
        await replaceRule(api, { ...bodyOfRule(rule), weight: w }, rule.version);
        done('rules', id);
      } catch (e) {
        failed[`rules:${id}`] = refusal(e);
      }
    }
    setErrors(failed);
    const refused = Object.keys(failed).length;
    const plural = (n: number) => (n === 1 ? 'change' : 'changes');
    setNotice(
      refused === 0
        ? `Saved ${saved} ${plural(saved)}.`
        : `${saved ? `Saved ${saved} ${plural(saved)}; ` : 'Nothing saved: '}${refused} ${plural(refused)} refused (see the marked rows).`,
    );
    setSaving(false);
    types.reload();
    links.reload();
    before.reload();
  }

  return (
    <section>
      <PageHeader title="Weights">
        <span className="muted small" aria-live="polite">
          {changes === 0 ? 'No unsaved changes' : `${changes} unsaved ${changes === 1 ? 'change' : 'changes'}`}
        </span>
        <button type="button" disabled={changes === 0 || saving} onClick={reset}>
          Reset
        </button>
        {canSave && (
          <button
            type="button"
            className="primary"
            disabled={changes === 0 || saving}
            onClick={() => {
              void save();
            }}
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        )}
      </PageHeader>
      <p className="muted">
        A recommendation&apos;s score is its type&apos;s weight × its link&apos;s (or rule&apos;s) weight; pinned
        positions come first. Nothing is saved until you press Save.
        {!canSave && ' This key may not save weights: the sliders only preview.'}
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <div className="weights-layout">
        <div className="weights-controls">
          <section className="panel" aria-labelledby="types-title">
            <h2 id="types-title">Relation types</h2>
            <p className="muted small">The default weight of every link of the type, in every product&apos;s ranking.</p>
            <ErrorNote>{types.error}</ErrorNote>
            {!types.data && !types.error && <Loading what="relation types" />}
            {typeList.map((t) => (
              <TypeWeight
                key={t.name}
                type={t}
                value={draft.types[t.name] ?? t.weight}
                error={errors[`types:${t.name}`]}
                onChange={(v) => {
                  set('types', t.name, v, t.weight);
                }}
              />
            ))}
          </section>

          <section className="panel" aria-labelledby="product-title">
            <h2 id="product-title">Links of a product</h2>
            <ProductChooser onChoose={choose} />
            {sku && (
              <div className="chosen">
                <strong>{sku}</strong> <span className="muted">{product.data?.name}</span>{' '}
                <Link to={`/catalog/${encodeURIComponent(sku)}`} className="small">
                  open
                </Link>
              </div>
            )}
            <ErrorNote>{product.error ?? links.error}</ErrorNote>
            {sku && links.data && productLinks.length === 0 && (
              <p className="muted small">No manual or mined links: its ranking comes from rules or learned neighbours.</p>
            )}
            {productLinks.map((l) => (
              <LinkWeight
                key={l.id}
                link={l}
                sku={sku}
                value={draft.links[String(l.id)] ?? l.weight}
                error={errors[`links:${l.id}`]}
                onChange={(v) => {
                  set('links', String(l.id), v, l.weight);
                }}
              />
            ))}
            {rules.length > 0 && (
              <>
                <h3 className="rules-title">Rules in this ranking</h3>
                {rules.map((r) => (
                  <WeightSlider
                    key={r.id}
                    id={`rule:${r.id}`}
                    name={`Weight of rule ${r.id}`}
                    label={
                      <>
                        <Link to={`/rules?edit=${encodeURIComponent(r.id)}`}>{r.id}</Link>{' '}
                        <span className="badge">{r.type}</span>
                      </>
                    }
                    value={draft.rules[r.id] ?? r.weight}
                    saved={r.weight}
                    error={errors[`rules:${r.id}`]}
                    onChange={(v) => {
                      set('rules', r.id, v, r.weight);
                    }}
                  />
                ))}
              </>
            )}
          </section>
        </div>

        <section className="panel weights-ranking" aria-labelledby="ranking-title">
          <h2 id="ranking-title">{sku ? `Ranking for ${sku}` : 'Ranking'}</h2>
          {!sku && <p className="muted">Choose a product to see its ranking change as you move the sliders.</p>}
          <ErrorNote>{before.error ?? after.error}</ErrorNote>
          {sku && !before.data && !before.error && <Loading what="the ranking" />}
          {sku && (
            <RankingPreview
              sku={sku}
              before={before.data?.sku === sku ? before.data.items : undefined}
              after={after.data?.sku === sku ? after.data.items : undefined}
              changed={changes > 0}
              checking={previewing}
            />
          )}
        </section>
      </div>
    </section>
  );
}

function TypeWeight(props: { type: RelationType; value: number; error?: string; onChange: (v: number) => void }) {
  const { type: t, value, error, onChange } = props;
  return (
    <WeightSlider
      id={`type:${t.name}`}
      name={`Weight of ${t.name}`}
      label={
        <>
          <strong>{t.name}</strong>
          <span className="muted small">
            {' '}
            {t.directed ? 'directed' : 'symmetric'}
            {t.acyclic ? ', acyclic' : ''}
            {t.max_per_product ? `, at most ${t.max_per_product} per product` : ''}
          </span>
        </>
      }
      value={value}
      saved={t.weight}
      error={error}
      onChange={onChange}
    />
  );
}

function LinkWeight(props: { link: Relationship; sku: string; value: number; error?: string; onChange: (v: number) => void }) {
  const { link: l, sku, value, error, onChange } = props;
  const other = l.source === sku ? l.target : l.source;
  return (
    <WeightSlider
      id={`link:${l.id}`}
      name={`Weight of link ${l.id} to ${other}`}
      label={
        <>
          <span className="badge">{l.type}</span> <Link to={`/catalog/${encodeURIComponent(other)}`}>{other}</Link>{' '}
          <OriginBadge origin={l.origin} />
          {l.position !== null && <span className="badge">pinned {l.position}</span>}
        </>
      }
      value={value}
      saved={l.weight}
      error={error}
      onChange={onChange}
    />
  );
}

/** The rules whose edges are in the ranking, with their saved weight (from the explanations). */
function rulesOf(items: { reasons?: { kind: string; rule?: string; rule_weight?: number; type: string }[] }[]) {
  const seen = new Map<string, { id: string; weight: number; type: string }>();
  for (const item of items) {
    for (const r of item.reasons ?? []) {
      if (r.kind === 'rule' && r.rule && !seen.has(r.rule)) {
        seen.set(r.rule, { id: r.rule, weight: r.rule_weight ?? 1, type: r.type });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
}
