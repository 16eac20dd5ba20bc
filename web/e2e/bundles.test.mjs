// The bundle editor: products dragged in, an out-of-stock member reported before saving, saved
// once valid, listed with its badge.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

async function setStock(sku, stock) {
  const got = await h.api('GET', `/v1/products/${sku}`);
  assert.equal(got.status, 200);
  const { sku: _sku, version: _v, in_stock: _in, ...product } = got.body;
  const put = await h.api('PUT', `/v1/products/${sku}`, { ...product, stock });
  assert.equal(put.status, 200, JSON.stringify(put.body));
}

async function dragIn(page, sku) {
  await page.getByPlaceholder('Find products: SKU, name, brand').fill(sku);
  const row = page.locator(`.picker-item[data-sku="${sku}"]`);
  await row.waitFor();
  await row.dragTo(page.getByRole('region', { name: 'Bundle items' }));
  await page.locator(`.bundle-table tr[data-sku="${sku}"]`).waitFor();
}

test('an out-of-stock item is shown as a problem before saving', async (t) => {
  await setStock('RUN-SOCK-001', 0);
  const page = await h.open(t);
  await h.signIn(page, { path: '/bundles/new' });
  await page.getByLabel('Name').fill('Runner starter kit');
  await dragIn(page, 'RUN-SHOE-001');
  await dragIn(page, 'RUN-SOCK-001');
  await page.getByLabel('Quantity of RUN-SOCK-001').fill('2');

  const problem = page.locator('.bundle-table tr[data-sku="RUN-SOCK-001"] .item-problem');
  await problem.waitFor();
  assert.match(await problem.innerText(), /stock/i);
  assert.equal(await page.locator('.bundle-table tr[data-sku="RUN-SHOE-001"] .item-problem').count(), 0);
  await page.getByText('Not valid', { exact: true }).waitFor();
  await h.shot(page, 'bundle-problem');
  const none = await h.api('GET', '/v1/bundles');
  assert.equal(none.status, 200);
  assert.equal(none.body.items.length, 0, 'nothing saved while editing');

  // Without the out-of-stock item it is valid, and saves.
  await page.getByRole('button', { name: 'Remove RUN-SOCK-001 from the bundle' }).click();
  await page.getByText('Valid', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Create bundle' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const saved = await h.api('GET', '/v1/bundles');
  assert.equal(saved.body.items.length, 1);
  assert.deepEqual(
    saved.body.items[0].items.map((i) => [i.sku, i.quantity, i.optional]),
    [['RUN-SHOE-001', 1, false]],
  );
  await h.shot(page, 'bundle-saved');

  await page.getByRole('link', { name: 'All bundles' }).click();
  await page.getByRole('table', { name: 'Bundles' }).getByText('valid', { exact: true }).waitFor();
  await h.shot(page, 'bundles');
});
