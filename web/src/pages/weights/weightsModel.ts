// The weights page's pure parts: the draft of changed weights and the comparison of two rankings.
import type { Recommendation } from '../../api/types';
import type { WeightOverrides } from '../../api/weights';

/** Changed weights only: a value equal to the saved one is not a change. */
export interface WeightDraft {
  types: Record<string, number>;
  links: Record<string, number>;
  rules: Record<string, number>;
}

export type DraftKind = keyof WeightDraft;

export const EMPTY_DRAFT: WeightDraft = { types: {}, links: {}, rules: {} };

export function changeCount(d: WeightDraft): number {
  return Object.keys(d.types).length + Object.keys(d.links).length + Object.keys(d.rules).length;
}

/** Sets `key` of `kind` to `value`, or drops it when it equals the saved value. */
export function withWeight(d: WeightDraft, kind: DraftKind, key: string, value: number, saved: number): WeightDraft {
  const next = without(d[kind], key);
  if (Math.abs(value - saved) >= 1e-9) next[key] = value;
  return { ...d, [kind]: next };
}

/** `map` without `key`. */
export function without(map: Record<string, number>, key: string): Record<string, number> {
  return Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
}

export function overridesOf(d: WeightDraft): WeightOverrides {
  const o: WeightOverrides = {};
  if (Object.keys(d.types).length) o.types = d.types;
  if (Object.keys(d.links).length) o.links = d.links;
  if (Object.keys(d.rules).length) o.rules = d.rules;
  return o;
}

export interface RankedRow {
  item: Recommendation;
  /** 1-based position after the change. */
  after: number;
  /** 1-based position before, or null when the item was not in the list. */
  before: number | null;
  beforeScore: number | null;
}

export interface RankingDiff {
  rows: RankedRow[];
  /** Items of the saved ranking the change pushes out of the list. */
  dropped: { item: Recommendation; before: number }[];
  moved: number;
}

export function compareRankings(before: Recommendation[], after: Recommendation[]): RankingDiff {
  const pos = new Map(before.map((r, k) => [r.sku, k + 1]));
  const score = new Map(before.map((r) => [r.sku, r.score]));
  const inAfter = new Set(after.map((r) => r.sku));
  const rows = after.map((item, k) => ({
    item,
    after: k + 1,
    before: pos.get(item.sku) ?? null,
    beforeScore: score.get(item.sku) ?? null,
  }));
  const dropped = before
    .map((item, k) => ({ item, before: k + 1 }))
    .filter((x) => !inAfter.has(x.item.sku));
  const moved = rows.filter((r) => r.before !== r.after).length + dropped.length;
  return { rows, dropped, moved };
}

/** "1.2" for display: at most 3 decimals, no trailing zeros. */
export function fmtWeight(w: number): string {
  return String(Math.round(w * 1000) / 1000);
}
