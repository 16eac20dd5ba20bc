// /catalog/:sku: a product's facts and its relationships by type, with what is actually served.
// Editors link products by dropping them on a type group (or "Link as…"), reorder and pin by
// dragging (or ↑/↓), and remove links; after every change the lists are reloaded from the API.
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorText } from '../../api/client';
import type { Product } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, PageHeader } from '../../ui/bits';
import { ProductPicker } from '../../ui/ProductPicker';
import { useResource } from '../../ui/useResource';
import { linkRowsByType, type LinkRow } from './linkRows';
import { ProductFacts } from './ProductFacts';
import { RelationGroup } from './RelationGroup';
import { ServedList } from './ServedList';

export function ProductPage() {
  const { sku = '' } = useParams();
  const { api, may } = useSession();
  const editable = may('write');
  const product = useResource(`product:${sku}`, (s) => api.product(sku, s));
  const types = useResource('types', (s) => api.relationTypes(s));
  const links = useResource(`links:${sku}`, (s) => api.relationships(sku, 'out', s));
  const incoming = useResource(`in:${sku}`, (s) => api.relationships(sku, 'in', s));
  const recs = useResource(`recs:${sku}`, (s) =>
    api.recommendations(sku, { limit: 50, explain: true, include_out_of_stock: true }, s),
  );
  const [busy, setBusy] = useState(false);
  const [groupErrors, setGroupErrors] = useState<Record<string, string | null>>({});
  const [linkAs, setLinkAs] = useState<Record<string, string>>({});

  function reloadLinks() {
    links.reload();
    incoming.reload();
    recs.reload();
  }

  function change(type: string, action: () => Promise<unknown>) {
    setBusy(true);
    setGroupErrors((g) => ({ ...g, [type]: null }));
    action()
      .catch((e: unknown) => {
        setGroupErrors((g) => ({ ...g, [type]: errorText(e) }));
      })
      .finally(() => {
        setBusy(false);
        reloadLinks();
      });
  }

  if (product.error && !product.data) {
    return (
      <section>
        <PageHeader title={sku} />
        <ErrorNote>{product.error}</ErrorNote>
        <Link to="/catalog">Back to the catalog</Link>
      </section>
    );
  }
  const p = product.data;
  if (!p || p.sku !== sku) return <Loading what={sku} />;

  const typeList = types.data?.items ?? [];
  const groups = linkRowsByType(links.data?.items ?? [], recs.data?.items ?? []);
  const extraTypes = [...groups.keys()].filter((t) => !typeList.some((x) => x.name === t));
  const firstType = typeList[0]?.name ?? 'cross_sell';

  const linkActions = (target: Product) => (
    <>
      <select
        aria-label={`Link ${target.sku} as`}
        value={linkAs[target.sku] ?? firstType}
        onChange={(e) => {
          setLinkAs((m) => ({ ...m, [target.sku]: e.target.value }));
        }}
      >
        {typeList.map((t) => (
          <option key={t.name} value={t.name}>
            {t.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => {
          const type = linkAs[target.sku] ?? firstType;
          change(type, () => api.createRelationship({ source: sku, target: target.sku, type }));
        }}
      >
        Link
      </button>
    </>
  );

  return (
    <section>
      <PageHeader
        title={
          <>
            <span className="sku-title">{p.sku}</span> {p.name}
          </>
        }
      >
        <Link className="button-link" to={`/graph/${encodeURIComponent(p.sku)}`}>
          Open in graph
        </Link>
        <Link className="button-link" to="/catalog">
          Back to catalog
        </Link>
      </PageHeader>
      <div className="product-layout">
        <div className="product-main">
          <ProductFacts product={p} />
          <h2 className="section-title">Relationships</h2>
          <ErrorNote>{types.error ?? links.error ?? recs.error}</ErrorNote>
          {!links.data || !types.data ? (
            <Loading what="relationships" />
          ) : (
            <div className="groups" aria-busy={busy || links.loading}>
              {typeList.map((t) => (
                <RelationGroup
                  key={t.name}
                  type={t}
                  rows={groups.get(t.name) ?? []}
                  editable={editable}
                  busy={busy}
                  error={groupErrors[t.name] ?? null}
                  onLink={(target) => {
                    change(t.name, () => api.createRelationship({ source: sku, target, type: t.name }));
                  }}
                  onReorder={(ids) => {
                    change(t.name, () => api.reorderRelationships(sku, t.name, ids));
                  }}
                  onRemove={(row: LinkRow) => {
                    const l = row.link;
                    if (l) change(t.name, () => api.deleteRelationship(l.id, l.version));
                  }}
                />
              ))}
              {extraTypes.map((name) => (
                <p key={name} className="muted">
                  {groups.get(name)?.length} served item(s) of type {name}.
                </p>
              ))}
            </div>
          )}
          {incoming.data && incoming.data.items.length > 0 && (
            <section className="panel incoming" aria-label="Linked from">
              <h3>Linked from</h3>
              <ul className="inline-list">
                {incoming.data.items.map((l) => (
                  <li key={l.id}>
                    <Link to={`/catalog/${encodeURIComponent(l.source)}`}>{l.source}</Link>{' '}
                    <span className="muted small">{l.type}</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
        <div className="product-side">
          {editable && (
            <ProductPicker
              title="Add links"
              hint="Drag a product onto a relationship type, or pick a type and press Link."
              exclude={(x) => x.sku === sku}
              actions={linkActions}
            />
          )}
          <ServedList recs={recs.data?.items} />
        </div>
      </div>
    </section>
  );
}
