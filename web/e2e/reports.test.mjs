// Reports and guidelines: the coverage headline and per-type bars, paging the uncovered products
// and opening one; a guideline written with a misspelt attribute first (its diagnostic in place),
// then saved; its violation listed on the Reports page with a link to the product.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

test('coverage: headline, bars per type, page through uncovered products, open one', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/reports' });
  const expected = (await h.api('GET', '/v1/reports/coverage?limit=10')).body;
  const headline = page.getByRole('group', { name: 'Coverage headline' });
  await headline.waitFor();
  assert.match(await headline.innerText(), new RegExp(`${(expected.coverage * 100).toFixed(1)}%`));
  assert.match(await headline.innerText(), new RegExp(`${expected.covered_skus}\\s+of\\s+${expected.total_skus}`));
  for (const type of Object.keys(expected.by_type)) {
    await page.locator(`[data-chart="By relation type"] [data-bar="${type}"]`).waitFor();
  }
  await page.locator('[data-chart="By relation type"] .goal-line').waitFor({ state: 'attached' });
  await h.shot(page, 'reports-coverage');

  const rows = page.getByRole('table', { name: 'Uncovered products' }).locator('tbody tr');
  assert.equal(await rows.first().getAttribute('data-sku'), expected.uncovered[0].sku);
  assert.ok(expected.next_cursor, 'the demo has more than one page of uncovered products');
  await page.getByRole('button', { name: 'Next →' }).first().click();
  await page.getByText('Page 2 of').first().waitFor();
  const second = (await h.api('GET', `/v1/reports/coverage?limit=10&cursor=${encodeURIComponent(expected.next_cursor)}`)).body;
  await page.waitForFunction(
    (sku) => document.querySelector('table[aria-label="Uncovered products"] tbody tr')?.getAttribute('data-sku') === sku,
    second.uncovered[0].sku,
  );
  await rows.first().scrollIntoViewIfNeeded();
  await h.shot(page, 'reports-uncovered-page-2');
  const sku = second.uncovered[0].sku;
  await page.getByRole('link', { name: sku, exact: true }).click();
  await page.waitForURL(`**/catalog/${encodeURIComponent(sku)}`);
  await page.getByRole('heading', { name: sku }).first().waitFor();
});

test('write a guideline (misspelt first), save it, see its violation in the report', async (t) => {
  // An upsell that costs less than its source, made before the guideline (an error guideline
  // refuses new violating links).
  const put = (sku, price) =>
    h.api('PUT', `/v1/products/${sku}`, { name: `Test ${sku}`, price, currency: 'USD', category: 'Test/Pairs', brand: 'Testbrand', status: 'active' });
  assert.ok([200, 201].includes((await put('TEST-DEAR-1', '200.00')).status));
  assert.ok([200, 201].includes((await put('TEST-CHEAP-1', '20.00')).status));
  const link = await h.api('POST', '/v1/relationships', { source: 'TEST-DEAR-1', target: 'TEST-CHEAP-1', type: 'upsell' });
  assert.equal(link.status, 201, JSON.stringify(link.body));

  const page = await h.open(t);
  await h.signIn(page, { path: '/guidelines' });
  await page.getByText('No guidelines yet.').waitFor();
  await page.getByRole('link', { name: 'New guideline' }).click();
  await page.getByRole('heading', { name: 'New guideline' }).waitFor();
  await page.getByLabel('ID', { exact: true }).fill('upsell-costs-more');
  await page.getByLabel('Description').fill('An upsell costs more than the product it upsells');
  await page.getByRole('checkbox', { name: 'upsell' }).check();
  await page.getByLabel('Severity').selectOption('error');
  const require = page.getByLabel('Require (every link of these types must meet it)');
  await require.fill('target.prise > source.price');

  const diag = page.locator('#guideline-require-diagnostics:not(.stale) li.diag.error');
  await diag.waitFor();
  const text = await diag.innerText();
  assert.match(text, /line 1, column 8/);
  assert.match(text, /unknown attribute 'prise'/);
  assert.match(text, /did you mean price\?/);
  assert.equal(await require.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('.cond-editor .diag-error').first().innerText(), 'prise');
  await h.shot(page, 'guidelines-diagnostic');
  assert.equal((await h.api('GET', '/v1/guidelines')).body.items.length, 0, 'the dry run wrote nothing');

  await page.getByRole('button', { name: 'Use price' }).click();
  assert.equal(await require.inputValue(), 'target.price > source.price');
  await page.locator('#guideline-require-diagnostics').waitFor({ state: 'detached' });
  await page.locator('[data-stat="violations"]').waitFor();
  const dry = await h.api('POST', '/v1/guidelines:validate', { id: 'upsell-costs-more', types: ['upsell'], require: 'target.price > source.price' });
  assert.ok(dry.body.violations >= 1);
  await page.waitForFunction((n) => document.querySelector('[data-stat="violations"]')?.textContent === String(n), dry.body.violations);
  await h.shot(page, 'guidelines-valid');

  await page.getByRole('button', { name: 'Create guideline' }).click();
  await page.getByRole('heading', { name: 'Guideline upsell-costs-more' }).waitFor();
  await page.getByRole('status').getByText(/Saved guideline upsell-costs-more/).waitFor();
  const saved = await h.api('GET', '/v1/guidelines/upsell-costs-more');
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.types, ['upsell']);
  assert.equal(saved.body.severity, 'error');
  assert.equal(saved.body.require, 'target.price > source.price');

  await page.getByRole('link', { name: 'All guidelines' }).click();
  const row = page.locator('tr[data-guideline="upsell-costs-more"]');
  await row.waitFor();
  await h.shot(page, 'guidelines-list');
  await row.getByRole('link', { name: String(dry.body.violations) }).click();

  await page.waitForURL('**/reports?guideline=upsell-costs-more*');
  const table = page.getByRole('table', { name: 'Violations' });
  const vrow = table.locator('tbody tr').filter({ hasText: 'TEST-DEAR-1' });
  await vrow.waitFor();
  const vtext = await vrow.innerText();
  assert.match(vtext, /TEST-CHEAP-1/);
  assert.match(vtext, /upsell/);
  assert.match(vtext, /manual/);
  assert.match(vtext, /requires target\.price > source\.price/);
  await page.locator('[data-guideline="upsell-costs-more"].count-chip[aria-pressed="true"]').waitFor();
  // The guideline's count links to /reports?guideline=...#violations: the list is scrolled to.
  await page.waitForFunction(() => {
    const top = document.getElementById('violations')?.getBoundingClientRect().top;
    return window.scrollY > 0 && top !== undefined && top >= 0 && top < window.innerHeight - 200;
  });
  await h.shot(page, 'reports-violations');

  // The filters narrow the list; the product link opens the product page.
  await page.getByLabel('Severity').selectOption('warning');
  await page.getByText('No link breaks guideline upsell-costs-more with these filters.').waitFor();
  await page.getByLabel('Severity').selectOption('error');
  await vrow.getByRole('link', { name: 'TEST-DEAR-1' }).click();
  await page.waitForURL('**/catalog/TEST-DEAR-1');
});

test('a viewer sees reports and guidelines but no edit controls', async (t) => {
  const key = await h.makeKey('reader', 'viewer');
  const page = await h.open(t);
  await h.signIn(page, { key, path: '/guidelines' });
  await page.getByRole('heading', { name: 'Guidelines' }).waitFor();
  await page.locator('table[aria-label="Guidelines"], .empty-state').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'New guideline' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Delete/ }).count(), 0);
  await page.getByRole('link', { name: 'Reports' }).click();
  await page.getByRole('group', { name: 'Coverage headline' }).waitFor();
});
