// The catalog's filters reach the API and narrow the list; the URL keeps them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

async function rows(page) {
  return page
    .getByRole('table', { name: 'Products' })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText)));
}

test('filters by category, brand, price, stock and coverage', async (t) => {
  const page = await h.open(t);
  await h.signIn(page);
  await page.getByLabel('Category').fill('Footwear/Running');
  await page.getByLabel('Brand').fill('Stride');
  await page.getByLabel('Price from').fill('60');
  await page.getByLabel('to', { exact: true }).fill('150');
  await page.waitForURL(/max_price=150/);
  await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
  const list = await rows(page);
  assert.ok(list.length > 0, 'some running shoes by Stride between 60 and 150');
  for (const [sku, , category, brand, price] of list) {
    assert.match(category, /^Footwear\/Running/, sku);
    assert.equal(brand, 'Stride', sku);
    const amount = Number(price.split(' ')[0]);
    assert.ok(amount >= 60 && amount <= 150, `${sku} costs ${amount}`);
  }
  const api = await h.api('GET', '/v1/products?category=Footwear/Running&brand=Stride&min_price=60&max_price=150&limit=50');
  assert.equal(api.status, 200, JSON.stringify(api.body));
  assert.deepEqual(list.map((r) => r[0]), api.body.items.map((p) => p.sku));
  await h.shot(page, 'catalog-filtered');

  // Out of stock only, then products nothing is recommended for.
  await page.reload();
  await page.getByLabel('Category').fill('');
  await page.getByLabel('Brand').fill('');
  await page.getByLabel('Price from').fill('');
  await page.getByLabel('to', { exact: true }).fill('');
  await page.getByLabel('Stock').selectOption('false');
  await page.waitForURL(/in_stock=false$/);
  await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
  for (const r of await rows(page)) assert.equal(r[5], 'out of stock', r[0]);

  await page.getByLabel('Stock').selectOption('');
  await page.getByLabel('Recommendations').selectOption('false');
  await page.waitForURL(/covered=false$/);
  await page.waitForFunction(() => !document.querySelector('table[aria-busy="true"]'));
  const uncovered = await rows(page);
  const sku = uncovered[0]?.[0];
  if (sku && sku !== 'No product matches these filters.') {
    const recs = await h.api('GET', `/v1/products/${sku}/recommendations`);
    assert.equal(recs.body.items.length, 0, `${sku} has no recommendations`);
  }
  await h.shot(page, 'catalog-uncovered');
});
