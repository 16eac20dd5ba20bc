// /bundles/new and /bundles/:id: build a bundle by dropping products into it (or "Add"), set
// quantities and optional members; every change is checked with POST /v1/bundles:validate
// (debounced, nothing saved) so problems show per item before saving.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { errorText } from '../../api/client';
import type { Product } from '../../api/types';
import { useSession } from '../../auth/session';
import { ErrorNote, Loading, Money, PageHeader } from '../../ui/bits';
import { PRODUCT_MIME, carries } from '../../ui/dnd';
import { ProductPicker } from '../../ui/ProductPicker';
import { useDebounced, useResource } from '../../ui/useResource';
import { BundleItems } from './BundleItems';
import { EMPTY_FORM, draftFromForm, formFromBundle, withItem, type BundleForm } from './bundleDraft';

export function BundleEditorPage() {
  const { id } = useParams();
  const { api, may } = useSession();
  const editable = may('write');
  const navigate = useNavigate();
  const existing = useResource(id ? `bundle:${id}` : null, (s) => api.bundle(id ?? '', s));

  // The form starts from the stored bundle, and again after each save.
  const [form, setForm] = useState<BundleForm>(EMPTY_FORM);
  const [loadedVersion, setLoadedVersion] = useState<string | null>(null);
  const stored = existing.data && existing.data.id === id ? existing.data : undefined;
  const storedKey = stored ? `${stored.id}@${stored.version}` : id ? null : 'new';
  if (storedKey !== null && storedKey !== loadedVersion) {
    setLoadedVersion(storedKey);
    setForm(stored ? formFromBundle(stored) : EMPTY_FORM);
  }

  const [products, setProducts] = useState<Record<string, Product | null>>({});
  const missing = form.items.map((i) => i.sku).filter((s) => !(s in products));
  const missingKey = missing.join(',');
  useEffect(() => {
    if (!missingKey) return;
    for (const sku of missingKey.split(',')) {
      api.product(sku).then(
        (p) => {
          setProducts((m) => ({ ...m, [sku]: p }));
        },
        () => {
          setProducts((m) => ({ ...m, [sku]: null }));
        },
      );
    }
  }, [missingKey, api]);

  const itemCurrency =
    form.items.map((i) => products[i.sku]?.currency).find((c): c is string => !!c) ?? null;
  const draft = draftFromForm(form, itemCurrency);
  const draftJson = JSON.stringify(draft);
  const settled = useDebounced(draftJson, 300);
  const validation = useResource(form.items.length ? `validate:${settled}` : null, (s) =>
    api.validateBundle(JSON.parse(settled) as typeof draft, s),
  );
  const checking = form.items.length > 0 && (settled !== draftJson || validation.loading);
  const v = validation.data;

  const [over, setOver] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  function update(change: Partial<BundleForm>) {
    setForm((f) => ({ ...f, ...change }));
    setSaved(null);
  }

  function add(p: Product | string) {
    const sku = typeof p === 'string' ? p : p.sku;
    if (typeof p !== 'string') setProducts((m) => ({ ...m, [p.sku]: p }));
    setForm((f) => ({ ...f, items: withItem(f.items, sku) }));
    setSaved(null);
  }

  function save() {
    setSaving(true);
    setSaveError(null);
    const action = stored ? api.updateBundle(stored.id, draft, stored.version) : api.createBundle(draft);
    action
      .then((b) => {
        setSaved(`Saved ${b.name || b.id} (version ${b.version}).`);
        if (!stored) void navigate(`/bundles/${encodeURIComponent(b.id)}`, { replace: true });
        else existing.reload();
      })
      .catch((e: unknown) => {
        setSaveError(errorText(e));
      })
      .finally(() => {
        setSaving(false);
      });
  }

  function remove() {
    if (!stored) return;
    setSaving(true);
    setSaveError(null);
    api
      .deleteBundle(stored.id, stored.version)
      .then(() => navigate('/bundles'))
      .catch((e: unknown) => {
        setSaveError(errorText(e));
      })
      .finally(() => {
        setSaving(false);
      });
  }

  if (id && existing.error && !stored) {
    return (
      <section>
        <PageHeader title={`Bundle ${id}`} />
        <ErrorNote>{existing.error}</ErrorNote>
        <Link to="/bundles">Back to bundles</Link>
      </section>
    );
  }
  if (storedKey === null || loadedVersion !== storedKey) return <Loading what="the bundle" />;

  const bundleProblems = (v?.problems ?? []).filter((p) => !p.sku);
  return (
    <section>
      <PageHeader title={stored ? `Bundle: ${stored.name || stored.id}` : 'New bundle'}>
        <Link className="button-link" to="/bundles">
          All bundles
        </Link>
      </PageHeader>
      <div className="product-layout">
        <div className="product-main">
          <form
            className="panel bundle-form"
            onSubmit={(e) => {
              e.preventDefault();
              save();
            }}
          >
            <fieldset disabled={!editable} className="bundle-fields">
              <div className="field">
                <label htmlFor="b-name">Name</label>
                <input
                  id="b-name"
                  value={form.name}
                  required
                  onChange={(e) => {
                    update({ name: e.target.value });
                  }}
                />
              </div>
              {!stored && (
                <div className="field">
                  <label htmlFor="b-id">ID (optional)</label>
                  <input
                    id="b-id"
                    value={form.id}
                    placeholder="from the server"
                    onChange={(e) => {
                      update({ id: e.target.value });
                    }}
                  />
                </div>
              )}
              <div className="field">
                <label htmlFor="b-pricing">Price</label>
                <select
                  id="b-pricing"
                  value={form.pricing}
                  onChange={(e) => {
                    update({ pricing: e.target.value as BundleForm['pricing'] });
                  }}
                >
                  <option value="sum">sum of the items</option>
                  <option value="price">a fixed price</option>
                  <option value="discount">a discount</option>
                </select>
              </div>
              {form.pricing === 'price' && (
                <div className="field">
                  <label htmlFor="b-price">Bundle price</label>
                  <input
                    id="b-price"
                    inputMode="decimal"
                    placeholder="49.99"
                    value={form.price}
                    onChange={(e) => {
                      update({ price: e.target.value });
                    }}
                  />
                </div>
              )}
              {form.pricing === 'discount' && (
                <div className="field">
                  <label htmlFor="b-discount">Discount %</label>
                  <input
                    id="b-discount"
                    type="number"
                    min="0"
                    max="100"
                    value={form.discount}
                    onChange={(e) => {
                      update({ discount: e.target.value });
                    }}
                  />
                </div>
              )}
              {form.pricing === 'price' && (
                <div className="field">
                  <label htmlFor="b-currency">Currency</label>
                  <input
                    id="b-currency"
                    className="short"
                    placeholder={itemCurrency ?? 'USD'}
                    maxLength={3}
                    value={form.currency}
                    onChange={(e) => {
                      update({ currency: e.target.value });
                    }}
                  />
                </div>
              )}
              <div className="field wide">
                <label htmlFor="b-description">Description</label>
                <input
                  id="b-description"
                  value={form.description}
                  onChange={(e) => {
                    update({ description: e.target.value });
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor="b-from">Active from</label>
                <input
                  id="b-from"
                  type="date"
                  value={form.activeFrom}
                  onChange={(e) => {
                    update({ activeFrom: e.target.value });
                  }}
                />
              </div>
              <div className="field">
                <label htmlFor="b-to">Active to</label>
                <input
                  id="b-to"
                  type="date"
                  value={form.activeTo}
                  onChange={(e) => {
                    update({ activeTo: e.target.value });
                  }}
                />
              </div>
            </fieldset>
          </form>

          <section
            className={`panel bundle-items${over ? ' drop-target' : ''}`}
            aria-label="Bundle items"
            onDragOver={(e) => {
              if (!editable || !carries(e, PRODUCT_MIME)) return;
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={(e) => {
              if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
            }}
            onDrop={(e) => {
              e.preventDefault();
              setOver(false);
              const sku = e.dataTransfer.getData(PRODUCT_MIME);
              if (sku) add(sku);
            }}
          >
            <header className="group-header">
              <h2>Items</h2>
              <span className="muted small" aria-live="polite">
                {checking ? 'Checking…' : v ? (v.valid ? 'Valid' : 'Not valid') : ''}
              </span>
            </header>
            <BundleItems
              items={form.items}
              products={products}
              problems={v?.problems ?? []}
              editable={editable}
              onChange={(items) => {
                update({ items });
              }}
            />
            {editable && (
              <p className="muted small drop-hint">
                Drop products here, or use “Add” in the list on the right.
              </p>
            )}
          </section>

          <section className="panel bundle-summary" aria-label="Bundle check">
            <h2>Check</h2>
            <ErrorNote>{validation.error}</ErrorNote>
            {form.items.length === 0 && <p className="muted">Add products to check the bundle.</p>}
            {v && form.items.length > 0 && (
              <>
                <p>
                  {v.valid ? (
                    <span className="badge ok">valid</span>
                  ) : (
                    <span className="badge bad">not valid</span>
                  )}
                  {!v.active && <span className="badge warn">not active now</span>}
                </p>
                {bundleProblems.length > 0 && (
                  <ul className="problems">
                    {bundleProblems.map((p) => (
                      <li key={p.code + p.message} className={p.severity === 'warning' ? 'warning' : 'error'}>
                        {p.message}
                      </li>
                    ))}
                  </ul>
                )}
                <dl className="totals">
                  <dt>Items</dt>
                  <dd>
                    <Money amount={v.total_price} currency={v.currency} />
                  </dd>
                  <dt>With optional items</dt>
                  <dd>
                    <Money amount={v.total_with_optional} currency={v.currency} />
                  </dd>
                  <dt>Bundle price</dt>
                  <dd>
                    <Money amount={v.bundle_price} currency={v.currency} />
                  </dd>
                  <dt>Savings</dt>
                  <dd>
                    <Money amount={v.savings} currency={v.currency} />
                  </dd>
                </dl>
              </>
            )}
          </section>

          {editable && (
            <div className="save-bar">
              <button
                type="button"
                className="primary"
                disabled={saving || form.name.trim() === '' || form.items.length === 0}
                onClick={save}
              >
                {saving ? 'Saving…' : stored ? 'Save changes' : 'Create bundle'}
              </button>
              {stored && (
                <button type="button" className="danger" disabled={saving} onClick={remove}>
                  Delete bundle
                </button>
              )}
              {v && !v.valid && !checking && (
                <span className="muted small">
                  Not valid: it can be saved, but is not offered until its problems are fixed.
                </span>
              )}
              {saved && (
                <span className="notice" role="status">
                  {saved}
                </span>
              )}
              <ErrorNote>{saveError}</ErrorNote>
            </div>
          )}
        </div>
        <div className="product-side">
          {editable && (
            <ProductPicker
              title="Products"
              hint="Drag products into the bundle, or press Add."
              actions={(p) => (
                <button
                  type="button"
                  className="small"
                  onClick={() => {
                    add(p);
                  }}
                >
                  Add
                </button>
              )}
            />
          )}
        </div>
      </div>
    </section>
  );
}
