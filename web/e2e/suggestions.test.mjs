// The suggestions inbox: orders imported (the Online Retail CSV layout), a mining job run from
// the page, a suggestion accepted in the UI and found in the API as a mined link, a refusal shown
// on its row, many rejected at once, filters; a viewer is offered no decisions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

/** Baskets in the UCI Online Retail layout: two strong pairs of demo products, and noise. */
function ordersCsv() {
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  const pairs = [
    ['RUN-SHOE-001', 'RUN-SOCK-001'],
    ['STD-MODEL-001', 'SOCK-STR-0006'],
  ];
  for (let i = 0; i < 30; i++) {
    const items = i < 24 ? pairs[i % 2] : ['BOTTLE-HYD-0008'];
    const day = String((i % 28) + 1).padStart(2, '0');
    for (const sku of items) {
      lines.push(`${581000 + i},${sku},DEMO ITEM,1,2011-11-${day} 10:00:00,9.99,${12000 + i},United Kingdom`);
    }
  }
  return lines.join('\n') + '\n';
}

async function importOrders() {
  const res = await fetch(`${h.baseUrl}/v1/orders:import`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminKey}`, 'Content-Type': 'text/csv' },
    body: ordersCsv(),
  });
  const body = await res.json();
  assert.equal(res.status, 200, JSON.stringify(body));
  assert.equal(body.imported, 30);
}

/** Filters the inbox to one product and waits until the table shows only its pairs. */
async function filterBy(page, sku) {
  await page.getByLabel('Product', { exact: true }).fill(sku);
  await page.waitForFunction((s) => {
    const rows = [...document.querySelectorAll('table.suggestions-table tbody tr')];
    return rows.length > 0 && rows.every((r) => r.innerText.includes(s));
  }, sku);
}

async function suggestionId(source, target) {
  const r = await h.api('GET', `/v1/suggestions?status=all&sku=${source}`);
  const x = r.body.items.find((s) => s.source === source && s.target === target);
  assert.ok(x, `a suggestion ${source} -> ${target}: ${JSON.stringify(r.body)}`);
  return x;
}

test('run a mining job, accept one, a refusal on its row, reject many', async (t) => {
  await importOrders();
  const page = await h.open(t);
  await h.signIn(page, { path: '/suggestions' });
  await page.getByRole('heading', { name: 'Mining' }).waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Loading suggestions'));
  await h.shot(page, 'suggestions-inbox');

  // The job's settings are open when there is nothing to review; the defaults suit these orders.
  const settings = page.locator('details.mining-settings');
  if ((await settings.getAttribute('open')) === null) await settings.locator('summary').click();
  assert.equal(await page.getByLabel('Orders together, at least').inputValue(), '3');
  await page.getByRole('button', { name: 'Run mining job' }).click();
  const done = page.getByRole('status').filter({ hasText: /Mining job job-\S+ found \d+ suggestions in \d+ orders/ });
  await done.waitFor();
  const [, job, found, orders] = /Mining job (job-\S+) found (\d+) suggestions in (\d+) orders/.exec(await done.innerText());
  assert.ok(Number(found) >= 2, `${found} suggestions`);
  assert.ok(Number(orders) >= 30, `${orders} orders`);
  assert.match(await page.locator('.job-summary').innerText(), /succeeded .* orders, \d+ products, \d+ pairs → \d+ suggestions/);
  const table = page.getByRole('table', { name: 'Suggestions' });
  await table.waitFor();
  await h.shot(page, 'suggestions-mined');

  // Accept one: the row says so, and the API has the link with the job as its origin.
  await filterBy(page, 'RUN-SHOE-001');
  const accept = page.getByRole('button', { name: 'Accept RUN-SHOE-001 → RUN-SOCK-001' });
  await accept.click();
  const accepted = await suggestionId('RUN-SHOE-001', 'RUN-SOCK-001');
  assert.equal(accepted.job, job, 'the pair was suggested by the job run from the page');
  const row = table.locator(`tr[data-suggestion="${accepted.id}"]`);
  await row.getByText('accepted', { exact: true }).waitFor();
  await row.getByText(`mined:${job}`).waitFor();
  assert.equal(accepted.status, 'accepted');
  const links = await h.api('GET', '/v1/products/RUN-SHOE-001/relationships?type=accessory');
  const link = links.body.items.find((l) => l.target === 'RUN-SOCK-001');
  assert.ok(link, JSON.stringify(links.body));
  assert.equal(link.origin, `mined:${job}`);
  assert.equal(link.id, accepted.relationship_id);
  await h.shot(page, 'suggestions-accepted');

  // Decided elsewhere meanwhile: the server's refusal is shown on the row, and how it was decided.
  await filterBy(page, 'STD-MODEL-001');
  const other = await suggestionId('STD-MODEL-001', 'SOCK-STR-0006');
  await page.getByRole('button', { name: 'Accept STD-MODEL-001 → SOCK-STR-0006' }).waitFor();
  assert.equal((await h.api('POST', `/v1/suggestions/${other.id}:accept`)).status, 200);
  page.allowHttpStatus(409);
  await page.getByRole('button', { name: 'Accept STD-MODEL-001 → SOCK-STR-0006' }).click();
  const otherRow = table.locator(`tr[data-suggestion="${other.id}"]`);
  await otherRow.getByRole('alert').waitFor();
  assert.match(await otherRow.getByRole('alert').innerText(), /already accepted/);
  await otherRow.getByText('accepted', { exact: true }).waitFor();
  await h.shot(page, 'suggestions-refused');

  // Select every pending one shown and reject them at once.
  const pending = (await h.api('GET', '/v1/suggestions?status=pending&sku=STD-MODEL-001')).body.items;
  assert.ok(pending.some((x) => x.source === 'SOCK-STR-0006' && x.target === 'STD-MODEL-001'));
  await page.getByRole('checkbox', { name: 'Select every pending suggestion shown' }).check();
  await page.getByText(`${pending.length} selected`).waitFor();
  await page.getByRole('button', { name: 'Reject selected' }).click();
  await page.getByRole('status').filter({ hasText: `Rejected ${pending.length}.` }).waitFor();
  for (const x of pending) {
    assert.equal((await h.api('GET', `/v1/suggestions/${x.id}`)).body.status, 'rejected');
  }

  // Filters: every status for the product, sorted by lift; in the URL.
  await page.getByLabel('Status').selectOption('all');
  await page.waitForFunction(
    (n) => document.querySelectorAll('table.suggestions-table tbody tr').length === n,
    pending.length + 1,
  );
  assert.match(page.url(), /status=all/);
  assert.match(page.url(), /sku=STD-MODEL-001/);
  await page.getByLabel('Sort by').selectOption('lift');
  assert.match(page.url(), /sort=lift/);
  await h.shot(page, 'suggestions-filtered');
});

test('a viewer sees the evidence but no decisions and no job to run', async (t) => {
  const key = await h.makeKey('suggestions-viewer', 'viewer');
  const page = await h.open(t);
  await h.signIn(page, { key, path: '/suggestions?status=all' });
  await page.getByRole('table', { name: 'Suggestions' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /^Accept|^Reject|Run mining job/ }).count(), 0);
  assert.equal(await page.getByRole('checkbox').count(), 0);
  await h.shot(page, 'suggestions-viewer');
});
