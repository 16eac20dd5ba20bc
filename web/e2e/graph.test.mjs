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
  await h.shot(page, 'graph-expanded');
});

test('depth 3 around a busy product stays usable', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/graph/RUN-SHOE-001?depth=3' });
  await page.locator('.react-flow__node[data-id="RUN-SHOE-001"]').waitFor();
  await page.getByRole('region', { name: 'Findings' }).waitFor();
  await h.shot(page, 'graph-depth3');
});

async function nodeIds(page) {
  return page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.dataset.id));
}
