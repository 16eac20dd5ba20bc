// What one type group of a product page shows: its stored links (manual, mined) and the edges
// rules generate, each with what the recommendation endpoint says about it.
import type { Recommendation, Relationship } from '../../api/types';

export interface LinkRow {
  key: string;
  /** The relationship, for stored links; rule edges have none. */
  link: Relationship | null;
  target: string;
  name: string | null;
  origin: string;
  weight: number | null;
  position: number | null;
  /** Why it is served, from ?explain=true; null if it is not among the served items. */
  explanation: string | null;
  inStock: boolean | null;
  rank: number | null;
}

/** Groups links and served items by type, in the order the group shows them. */
export function linkRowsByType(
  links: Relationship[],
  recs: Recommendation[],
): Map<string, LinkRow[]> {
  const rank = new Map<string, number>();
  const byTarget = new Map<string, Recommendation>();
  recs.forEach((r, i) => {
    const k = `${r.type}\u0000${r.sku}`;
    if (!rank.has(k)) rank.set(k, i + 1);
    byTarget.set(k, r);
  });
  const groups = new Map<string, LinkRow[]>();
  const add = (type: string, row: LinkRow) => {
    const list = groups.get(type) ?? [];
    list.push(row);
    groups.set(type, list);
  };
  const seen = new Set<string>();
  for (const l of links) {
    const k = `${l.type}\u0000${l.target}`;
    seen.add(k);
    const rec = byTarget.get(k);
    const reason = rec?.reasons?.find((r) => r.relationship_id === l.id) ?? rec?.reasons?.[0];
    add(l.type, {
      key: `link-${l.id}`,
      link: l,
      target: l.target,
      name: rec?.name ?? null,
      origin: l.origin,
      weight: l.weight,
      position: l.position,
      explanation: reason?.text ?? null,
      inStock: rec ? rec.in_stock : null,
      rank: rank.get(k) ?? null,
    });
  }
  for (const rec of recs) {
    const k = `${rec.type}\u0000${rec.sku}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const reason = rec.reasons?.find((r) => r.kind === 'rule') ?? rec.reasons?.[0];
    add(rec.type, {
      key: `rec-${rec.type}-${rec.sku}`,
      link: null,
      target: rec.sku,
      name: rec.name,
      origin: reason?.origin ?? (reason?.rule ? `rule:${reason.rule}` : 'generated'),
      weight: reason?.rule_weight ?? reason?.link_weight ?? null,
      position: rec.position ?? null,
      explanation: reason?.text ?? null,
      inStock: rec.in_stock,
      rank: rank.get(k) ?? null,
    });
  }
  for (const rows of groups.values()) {
    rows.sort((a, b) => {
      const pa = a.position ?? Infinity;
      const pb = b.position ?? Infinity;
      if (pa !== pb) return pa - pb;
      const ra = a.rank ?? Infinity;
      const rb = b.rank ?? Infinity;
      if (ra !== rb) return ra - rb;
      return a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
    });
  }
  return groups;
}

/** `ids` with the item at `from` moved to index `to`. */
export function moved<T>(ids: readonly T[], from: number, to: number): T[] {
  const next = ids.slice();
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
}
