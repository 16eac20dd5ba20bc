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

  // Edit the saved bundle: a fixed price, two pairs of shoes; saved with If-Match.
  const id = saved.body.items[0].id;
  await page.waitForURL(`**/bundles/${id}`);
  await page.getByLabel('Quantity of RUN-SHOE-001').fill('2');
  await page.getByLabel('Price', { exact: true }).selectOption('price');
  await page.getByLabel('Bundle price').fill('150.00');
  await page.getByText('Valid', { exact: true }).waitFor();
  await page.getByRole('region', { name: 'Bundle check' }).getByText('29.98 USD').waitFor(); // savings
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'version 2' }).waitFor();
  const edited = await h.api('GET', `/v1/bundles/${id}`);
  assert.equal(edited.body.version, 2);
  assert.deepEqual(edited.body.price, { amount: '150.00', currency: 'USD' });
  assert.equal(edited.body.items[0].quantity, 2);

  // A draft saved through the API with the out-of-stock socks is listed as invalid, with why.
  const draft = await h.api('POST', '/v1/bundles', {
    name: 'Sock pair',
    items: [{ sku: 'RUN-SOCK-001', quantity: 2, optional: false }],
  });
  assert.equal(draft.status, 201, JSON.stringify(draft.body));
  await page.getByRole('link', { name: 'All bundles' }).click();
  const table = page.getByRole('table', { name: 'Bundles' });
  await table.getByText('valid', { exact: true }).waitFor();
  await table.getByText('invalid', { exact: true }).waitFor();
  await table.getByText(/RUN-SOCK-001/).waitFor();
  await h.shot(page, 'bundles');
});
