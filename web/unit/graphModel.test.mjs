import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const m = await load('src/pages/graph/graphModel.ts');

const node = (sku, depth, category = 'Footwear/Running') => ({
  sku, name: sku, category, brand: 'B', price: '1.00', currency: 'USD', stock: 1, in_stock: true, depth,
});
const edge = (id, source, target, extra = {}) => ({
  id, source, target, type: 'cross_sell', weight: 1, score: 1, origin: 'manual', rule: null,
  position: null, symmetric: false, live: true, cycle: false, contradiction: false, ...extra,
});

test('an expansion is merged one ring further out, and nothing twice', () => {
  const base = {
    root: 'A', depth: 1, truncated: false, findings: [],
    nodes: [node('A', 0), node('B', 1)],
    edges: [edge(1, 'A', 'B')],
  };
  const aroundB = {
    root: 'B', depth: 1, truncated: true,
    findings: [{ kind: 'cycle', type: 'upsell', message: 'x', skus: ['B', 'C'] }],
    nodes: [node('B', 0), node('A', 1), node('C', 1)],
    edges: [edge(1, 'A', 'B'), edge(2, 'B', 'C')],
  };
  const g = m.mergeGraphs(base, [aroundB]);
  assert.deepEqual([...g.nodes.values()].map((n) => [n.sku, n.depth]), [['A', 0], ['B', 1], ['C', 2]]);
  assert.equal(g.edges.size, 2);
  assert.equal(g.findings.length, 1);
  assert.equal(g.truncated, true);
});

test('a symmetric link listed both ways is one line; rule edges are keyed by origin', () => {
  const ab = edge(7, 'A', 'B', { symmetric: true });
  const ba = edge(7, 'B', 'A', { symmetric: true });
  assert.equal(m.edgeKey(ab), m.edgeKey(ba));
  const r1 = edge(null, 'A', 'B', { origin: 'rule:r1' });
  const r2 = edge(null, 'A', 'B', { origin: 'rule:r2' });
  assert.notEqual(m.edgeKey(r1), m.edgeKey(r2));
});

function graph(n) {
  const nodes = [node('R', 0)];
  const edges = [];
  for (let i = 1; i < n; i++) {
    const depth = i < 10 ? 1 : 2;
    nodes.push(node(`N${i}`, depth, i % 2 ? 'Accessories/Socks' : 'Footwear/Running'));
    edges.push(edge(i, depth === 1 ? 'R' : `N${1 + (i % 9)}`, `N${i}`));
  }
  return m.mergeGraphs({ root: 'R', depth: 2, nodes, edges, truncated: false, findings: [] }, []);
}

test('the layout is deterministic, the root in the middle, no two products on one spot', () => {
  const a = m.radialLayout(graph(500));
  const b = m.radialLayout(graph(500));
  assert.deepEqual([...a.entries()], [...b.entries()]);
  assert.deepEqual(a.get('R'), { x: 0, y: 0 });
  for (const n of [3, 12, 40, 150, 500]) {
    const boxes = [...m.radialLayout(graph(n)).values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const overlap = Math.abs(boxes[i].x - boxes[j].x) < 150 && Math.abs(boxes[i].y - boxes[j].y) < 40;
        assert.ok(!overlap, `${n} products: ${i} and ${j} overlap at ${JSON.stringify(boxes[i])}`);
      }
    }
  }
  const boxes = [...a.values()];
  const extent = Math.max(...boxes.map((p) => Math.hypot(p.x, p.y)));
  assert.ok(extent < 6000, `500 products fit within ${Math.round(extent)} px of the root`);
});

test('edge styles follow origin and weight; category colours follow the name order', () => {
  assert.equal(m.originKind('manual'), 'manual');
  assert.equal(m.originKind('rule:winter-scarves'), 'rule');
  assert.equal(m.originKind('mined:job-7'), 'mined');
  assert.equal(m.originKind('bundle'), 'other');
  assert.equal(m.ORIGIN_DASH.manual, undefined);
  assert.ok(m.strokeWidth(2) > m.strokeWidth(1));
  assert.equal(m.strokeWidth(100), 6);
  const colours = m.categoryColours([node('a', 0, 'Zeta/x'), node('b', 0, 'Alpha/y'), node('c', 0, 'Alpha/z')]);
  assert.deepEqual([...colours.keys()], ['Alpha', 'Zeta']);
});
