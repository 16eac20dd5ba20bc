// The graph page's model, as pure functions: merging graphs fetched around different products,
// a deterministic radial layout by depth, and the visual encoding (category colours, edge styles).
import type { Graph, GraphEdge, GraphFinding, GraphNode } from '../../api/types';

export interface GraphData {
  root: string;
  nodes: Map<string, GraphNode>;
  edges: Map<string, GraphEdge>;
  findings: GraphFinding[];
  truncated: boolean;
}

/** One key per drawn line: a symmetric link listed in both directions is drawn once. */
export function edgeKey(e: GraphEdge): string {
  const [a, b] = e.symmetric && e.target < e.source ? [e.target, e.source] : [e.source, e.target];
  return `${e.id ?? e.origin}|${e.type}|${a}|${b}`;
}

/** The base graph with each expansion merged in; an expanded node's neighbours sit one ring out. */
export function mergeGraphs(base: Graph, expansions: Graph[]): GraphData {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const findings = new Map<string, GraphFinding>();
  let truncated = base.truncated;
  for (const n of base.nodes) nodes.set(n.sku, n);
  for (const e of base.edges) edges.set(edgeKey(e), e);
  for (const f of base.findings) findings.set(f.kind + f.message, f);
  for (const g of expansions) {
    const offset = nodes.get(g.root)?.depth ?? 0;
    for (const n of g.nodes) {
      const depth = offset + n.depth;
      const known = nodes.get(n.sku);
      if (!known || known.depth > depth) nodes.set(n.sku, { ...n, depth });
    }
    for (const e of g.edges) edges.set(edgeKey(e), e);
    for (const f of g.findings) findings.set(f.kind + f.message, f);
    truncated ||= g.truncated;
  }
  return { root: base.root, nodes, edges, findings: [...findings.values()], truncated };
}

export interface Point {
  x: number;
  y: number;
}

const NODE_GAP = 200; // px along a ring between node centres
const RING_GAP = 260; // px between rings
// px between the staggered sub-rings of a crowded ring: neighbours in angle, on adjacent
// sub-rings, must stay a node's width (150 px) apart in every direction.
const SUB_GAP = 160;
const MAX_SUB_RINGS = 4;

/**
 * Radial layout: the root in the middle, each depth on its own ring. A node's place on its ring
 * follows the mean angle of its neighbours one ring in (so children sit near their parents),
 * ties broken by category and SKU: the same graph always gets the same picture. A crowded ring is
 * staggered over up to four sub-rings (neighbours in angle alternate between them), so 500
 * products still fit a picture a few thousand pixels across.
 */
export function radialLayout(data: GraphData): Map<string, Point> {
  const byDepth = new Map<number, GraphNode[]>();
  for (const n of data.nodes.values()) {
    const list = byDepth.get(n.depth) ?? [];
    list.push(n);
    byDepth.set(n.depth, list);
  }
  const neighbours = new Map<string, string[]>();
  for (const e of data.edges.values()) {
    neighbours.set(e.source, [...(neighbours.get(e.source) ?? []), e.target]);
    neighbours.set(e.target, [...(neighbours.get(e.target) ?? []), e.source]);
  }
  const angle = new Map<string, number>();
  const pos = new Map<string, Point>();
  const depths = [...byDepth.keys()].sort((a, b) => a - b);
  let radius = 0;
  for (const d of depths) {
    const ring = byDepth.get(d) ?? [];
    const key = (n: GraphNode) => {
      const inner = (neighbours.get(n.sku) ?? [])
        .map((s) => data.nodes.get(s))
        .filter((m): m is GraphNode => m !== undefined && m.depth < d)
        .map((m) => angle.get(m.sku) ?? 0);
      return inner.length ? inner.reduce((a, b) => a + b, 0) / inner.length : 0;
    };
    const keyed = ring.map((n) => ({ n, k: key(n) }));
    keyed.sort(
      (a, b) =>
        a.k - b.k ||
        cmp(a.n.category, b.n.category) ||
        cmp(a.n.sku, b.n.sku),
    );
    if (d === depths[0] && ring.length === 1) {
      const only = keyed[0];
      if (only) {
        pos.set(only.n.sku, { x: 0, y: 0 });
        angle.set(only.n.sku, 0);
      }
      continue;
    }
    const inner = radius + RING_GAP;
    const needed = (ring.length * NODE_GAP) / (2 * Math.PI);
    const subs = Math.min(MAX_SUB_RINGS, Math.max(1, Math.ceil(needed / inner)));
    const base = Math.max(inner, needed / subs);
    // An outer ring with room to spare puts each product at its parents' angle (pushed along
    // just enough not to overlap); a full one, or the first ring, spreads them evenly.
    const gap = NODE_GAP / base;
    // Slots in whole turns of the sub-rings, so the stagger continues across the wrap-around.
    const slots = Math.ceil(ring.length / subs) * subs;
    let angles = keyed.map((_, i) => (2 * Math.PI * i) / slots - Math.PI / 2);
    if (subs === 1 && d >= 2 && keyed.length > 0) {
      let prev = -Infinity;
      const swept = keyed.map(({ k }) => (prev = Math.max(k, prev + gap)));
      const first = swept[0] ?? 0;
      const last = swept[swept.length - 1] ?? 0;
      if (last - first <= 2 * Math.PI - gap) angles = swept;
    }
    keyed.forEach(({ n }, i) => {
      const a = angles[i] ?? 0;
      const r = base + (i % subs) * SUB_GAP;
      angle.set(n.sku, a);
      pos.set(n.sku, { x: Math.round(r * Math.cos(a)), y: Math.round(r * Math.sin(a)) });
    });
    radius = base + (subs - 1) * SUB_GAP;
  }
  return pos;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Okabe-Ito-like, distinguishable, readable with dark text.
const CATEGORY_COLOURS = [
  '#9ecae9',
  '#ffbe7d',
  '#8cd17d',
  '#ff9d9a',
  '#d4a6c8',
  '#f1ce63',
  '#86bcb6',
  '#fabfd2',
  '#b6992d',
  '#bab0ac',
  '#a0cbe8',
  '#d7b5a6',
];

export function topCategory(category: string): string {
  return category.split('/')[0] || '(none)';
}

/** Colours for the top-level categories present, assigned in name order. */
export function categoryColours(nodes: Iterable<GraphNode>): Map<string, string> {
  const names = [...new Set([...nodes].map((n) => topCategory(n.category)))].sort();
  return new Map(names.map((c, i) => [c, CATEGORY_COLOURS[i % CATEGORY_COLOURS.length] ?? '#ccc']));
}

const TYPE_COLOURS: Record<string, string> = {
  cross_sell: '#2453d4',
  upsell: '#1c7c3a',
  accessory: '#a0306e',
};
const EXTRA_TYPE_COLOURS = ['#6b21a8', '#00695c', '#7a4b00', '#3949ab', '#ad1457'];

export function typeColour(type: string): string {
  const known = TYPE_COLOURS[type];
  if (known) return known;
  let h = 0;
  for (const ch of type) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return EXTRA_TYPE_COLOURS[h % EXTRA_TYPE_COLOURS.length] ?? '#555';
}

export type OriginKind = 'manual' | 'rule' | 'mined' | 'other';

export function originKind(origin: string): OriginKind {
  const k = origin.split(':')[0];
  return k === 'manual' || k === 'rule' || k === 'mined' ? k : 'other';
}

/** manual solid, rule dashed, mined dotted. */
export const ORIGIN_DASH: Record<OriginKind, string | undefined> = {
  manual: undefined,
  rule: '8 5',
  mined: '1 5',
  other: '12 4 2 4',
};

export const PROBLEM_COLOUR = '#d32f2f';

export function strokeWidth(weight: number): number {
  return Math.max(1, Math.min(6, 0.5 + weight * 1.5));
}
