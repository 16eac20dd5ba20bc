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

/**
 * Groups links and served items by type, in the order the group shows them. The recommendation
 * endpoint lists a product once (under its best type) but gives every reason that put it there,
 * so explanations are matched by relationship id and rule edges are found among the reasons.
 */
export function linkRowsByType(
  links: Relationship[],
  recs: Recommendation[],
): Map<string, LinkRow[]> {
  const bySku = new Map<string, { rec: Recommendation; rank: number }>();
  recs.forEach((rec, i) => {
    if (!bySku.has(rec.sku)) bySku.set(rec.sku, { rec, rank: i + 1 });
  });
  const groups = new Map<string, LinkRow[]>();
  const add = (type: string, row: LinkRow) => {
    const list = groups.get(type) ?? [];
    list.push(row);
    groups.set(type, list);
  };
  const seen = new Set<string>();
  for (const l of links) {
    seen.add(`${l.type}\u0000${l.target}`);
    const served = bySku.get(l.target);
    const reason = served?.rec.reasons?.find((r) => r.relationship_id === l.id);
    add(l.type, {
      key: `link-${l.id}`,
      link: l,
      target: l.target,
      name: served?.rec.name ?? null,
      origin: l.origin,
      weight: l.weight,
      position: l.position,
      explanation: reason?.text ?? null,
      inStock: served ? served.rec.in_stock : null,
      rank: served?.rank ?? null,
    });
  }
  for (const [sku, { rec, rank }] of bySku) {
    for (const reason of rec.reasons ?? []) {
      if (reason.kind !== 'rule') continue;
      const k = `${reason.type}\u0000${sku}`;
      if (seen.has(k)) continue;
      seen.add(k);
      add(reason.type, {
        key: `rule-${reason.type}-${sku}`,
        link: null,
        target: sku,
        name: rec.name,
        origin: reason.origin || `rule:${reason.rule ?? '?'}`,
        weight: reason.rule_weight ?? null,
        position: reason.position ?? null,
        explanation: reason.text,
        inStock: rec.in_stock,
        rank,
      });
    }
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
