// The graph page: a product's neighbourhood drawn, a node clicked to expand its neighbours.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

test('the graph opens and a node expands', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/graph/STD-MODEL-001?depth=1' });
  const nodes = page.locator('.react-flow__node');
  await page.locator('.react-flow__node[data-id="PERF-MODEL-001"]').waitFor();
  const before = await nodes.count();
  assert.ok(before >= 2, `${before} nodes`);
  assert.ok((await page.locator('.react-flow__edge').count()) >= 1);
  await h.shot(page, 'graph');

  // Expand the upsell target: its own neighbours join the picture.
  const graph = await h.api('GET', '/v1/products/PERF-MODEL-001/graph?depth=1');
  assert.equal(graph.status, 200, JSON.stringify(graph.body));
  const expected = new Set([...(await nodeIds(page)), ...graph.body.nodes.map((n) => n.sku)]).size;
  await page.locator('.react-flow__node[data-id="PERF-MODEL-001"]').click();
  await page.getByRole('button', { name: 'Expanded' }).waitFor();
  await page.waitForFunction(
    (n) => document.querySelectorAll('.react-flow__node').length >= n,
    expected,
  );
  assert.ok((await nodes.count()) >= before);
  await page.waitForTimeout(500); // the view refits to the new products
  await h.shot(page, 'graph-expanded');

  // The keyboard: Tab to a product and press Enter.
  const other = (await nodeIds(page)).find((id) => !['STD-MODEL-001', 'PERF-MODEL-001'].includes(id));
  const count = await nodes.count();
  await page.locator(`.react-flow__node[data-id="${other}"]`).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('region', { name: 'Selected product' }).getByText(other).waitFor();
  await page.getByRole('button', { name: 'Expanded' }).waitFor();
  assert.ok((await nodes.count()) >= count);

  // Export: a PNG and an SVG of the whole picture are downloaded.
  for (const [button, ext] of [['Export PNG', 'png'], ['Export SVG', 'svg']]) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: button }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `affinity-graph-STD-MODEL-001.${ext}`);
    const path = await file.path();
    const { size } = await import('node:fs').then((fs) => fs.statSync(path));
    assert.ok(size > 1000, `${ext} of ${size} bytes`);
  }
});

test('depth 3 around a busy product stays usable', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/graph/RUN-SHOE-001?depth=3' });
  await page.locator('.react-flow__node[data-id="RUN-SHOE-001"]').waitFor();
  await page.getByRole('region', { name: 'Findings' }).waitFor();
  await h.shot(page, 'graph-depth3');
});

test('500 products stay responsive', async (t) => {
  const page = await h.open(t);
  // A synthetic graph of the size the page allows (the demo catalog is too small for it).
  await page.route('**/v1/products/BIG-0/graph**', (route) => route.fulfill({ json: bigGraph(500) }));
  await h.signIn(page, { path: '/graph/BIG-0?depth=3' });
  const start = Date.now();
  await page.locator('.react-flow__node[data-id="BIG-499"]').waitFor();
  const drawn = Date.now() - start;
  assert.equal(await page.locator('.react-flow__node').count(), 500);
  assert.ok(drawn < 5000, `drawn in ${drawn} ms`);
  await page.getByText('The graph was cut at 500 products').waitFor();
  await page.getByRole('region', { name: 'Findings' }).getByRole('button', { name: /upsell cycle/ }).click();
  await page.locator('.react-flow__node[data-id="BIG-40"] .gnode.flagged').waitFor();
  await page.waitForTimeout(400);
  await h.shot(page, 'graph-500');

  // Pan from an empty corner of the canvas, then drag one product: 20 steps each. Headless
  // Chromium rasterises in software here (~100 ms a frame at this size, mostly the 1,000
  // edges); the bounds catch a page that re-renders every product per step (~300 ms a step).
  const box = await page.locator('.graph-canvas').boundingBox();
  const drag = async (from, to) => {
    const begin = Date.now();
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 20 });
    await page.mouse.up();
    return Date.now() - begin;
  };
  const panned = await drag({ x: box.x + 20, y: box.y + 20 }, { x: box.x + 170, y: box.y + 100 });
  assert.ok(panned < 8000, `20 pan steps in ${panned} ms`);
  const node = await page.locator('.react-flow__node[data-id="BIG-0"]').boundingBox();
  const centre = { x: node.x + node.width / 2, y: node.y + node.height / 2 };
  const dragged = await drag(centre, { x: centre.x + 100, y: centre.y + 60 });
  assert.ok(dragged < 8000, `20 node drag steps in ${dragged} ms`);
  t.diagnostic(`500 products: drawn in ${drawn} ms, 20 pan steps ${panned} ms, 20 drag steps ${dragged} ms`);
});

function bigGraph(n) {
  const categories = ['Footwear/Running', 'Accessories/Socks', 'Apparel/Tops', 'Electronics/Phones', 'Home/Kitchen'];
  const types = ['cross_sell', 'upsell', 'accessory'];
  const depth = (i) => (i === 0 ? 0 : i < 20 ? 1 : i < 120 ? 2 : 3);
  const parent = (i) => (i < 20 ? 0 : i < 120 ? 1 + (i % 19) : 20 + (i % 100));
  const nodes = Array.from({ length: n }, (_, i) => ({
    sku: `BIG-${i}`, name: `Product ${i}`, category: categories[i % categories.length], brand: 'Brand',
    price: '10.00', currency: 'USD', stock: i % 11 ? 5 : 0, in_stock: i % 11 !== 0, depth: depth(i),
  }));
  const edge = (id, source, target, type, origin, extra = {}) => ({
    id, source: `BIG-${source}`, target: `BIG-${target}`, type, weight: 1 + (id % 3) * 0.5, score: 1,
    origin, rule: null, position: null, symmetric: type === 'cross_sell', live: true, cycle: false,
    contradiction: false, ...extra,
  });
  const edges = [];
  for (let i = 1; i < n; i++) {
    const origin = i % 5 === 0 ? 'rule:big' : i % 7 === 0 ? 'mined:job-1' : 'manual';
    edges.push(edge(i, parent(i), i, types[i % 3], origin, { cycle: i === 40 }));
    edges.push(edge(10000 + i, i, (i * 7) % n, types[(i + 1) % 3], 'manual'));
  }
  return {
    root: 'BIG-0', depth: 3, nodes, edges, truncated: true,
    findings: [{ kind: 'cycle', type: 'upsell', message: 'upsell cycle BIG-2 -> BIG-40 -> BIG-2', skus: ['BIG-2', 'BIG-40'] }],
  };
}

async function nodeIds(page) {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.dataset.id));
}
