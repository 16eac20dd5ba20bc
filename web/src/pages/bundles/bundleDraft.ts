// The bundle editor's form state and how it becomes the API's bundle JSON.
import type { Bundle, BundleDraft, BundleItem } from '../../api/types';

export type Pricing = 'sum' | 'price' | 'discount';

export interface BundleForm {
  id: string;
  name: string;
  description: string;
  items: BundleItem[];
  pricing: Pricing;
  price: string;
  /** The fixed price's currency; empty: the items' currency. */
  currency: string;
  discount: string;
  activeFrom: string;
  activeTo: string;
}

export const EMPTY_FORM: BundleForm = {
  id: '',
  name: '',
  description: '',
  items: [],
  pricing: 'sum',
  price: '',
  currency: '',
  discount: '',
  activeFrom: '',
  activeTo: '',
};

/** "2026-12-01T00:00:00Z" -> "2026-12-01", for a date input. */
function dateOnly(t: string | null | undefined): string {
  return t ? t.slice(0, 10) : '';
}

export function formFromBundle(b: Bundle): BundleForm {
  return {
    id: b.id,
    name: b.name,
    description: b.description ?? '',
    items: b.items.map((i) => ({ sku: i.sku, quantity: i.quantity, optional: i.optional })),
    pricing: b.price ? 'price' : b.discount_percent ? 'discount' : 'sum',
    price: b.price?.amount ?? '',
    currency: b.price?.currency ?? '',
    discount: b.discount_percent ? String(b.discount_percent) : '',
    activeFrom: dateOnly(b.active_from),
    activeTo: dateOnly(b.active_to),
  };
}

/** The JSON to send: only what the form sets. `itemCurrency` prices a fixed price by default. */
export function draftFromForm(f: BundleForm, itemCurrency: string | null): BundleDraft {
  const d: BundleDraft = { name: f.name.trim(), items: f.items };
  if (f.id.trim()) d.id = f.id.trim();
  if (f.description.trim()) d.description = f.description.trim();
  if (f.pricing === 'price' && f.price.trim()) {
    d.price = { amount: f.price.trim(), currency: (f.currency.trim() || itemCurrency || 'USD').toUpperCase() };
  }
  if (f.pricing === 'discount' && f.discount.trim()) d.discount_percent = Number(f.discount);
  if (f.activeFrom) d.active_from = f.activeFrom;
  if (f.activeTo) d.active_to = f.activeTo;
  return d;
}

/** Adds one of `sku` (or one more, if it is there already). */
export function withItem(items: BundleItem[], sku: string): BundleItem[] {
  const i = items.findIndex((x) => x.sku === sku);
  if (i < 0) return [...items, { sku, quantity: 1, optional: false }];
  return items.map((x, j) => (j === i ? { ...x, quantity: x.quantity + 1 } : x));
}
