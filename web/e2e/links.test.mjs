// The product page: link by drag and drop (and by keyboard), see refusals at the type group,
// reorder and pin by dragging (and with ↑/↓), remove; each change checked through the API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();
const SHOE = 'RUN-SHOE-001';

async function links(sku, type) {
  const r = await h.api('GET', `/v1/products/${sku}/relationships?type=${type}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

/** A product of `category` that `sku` has no link to yet. */
async function unlinkedIn(category, sku) {
  const r = await h.api('GET', `/v1/products?category=${encodeURIComponent(category)}&limit=50`);
  const linked = new Set(
    (await h.api('GET', `/v1/products/${sku}/relationships?direction=both`)).body.items.flatMap(
      (l) => [l.source, l.target],
    ),
  );
  const p = r.body.items.find((x) => !linked.has(x.sku) && x.sku !== sku && x.in_stock);
  assert.ok(p, `an unlinked product in ${category}`);
  return p.sku;
}

async function openProduct(t, sku) {
  const page = await h.open(t);
  await h.signIn(page, { path: `/catalog/${sku}` });
  await page.getByRole('heading', { name: 'Relationships' }).waitFor();
  return page;
}

function group(page, type) {
  return page.locator(`section.group[data-type="${type}"]`);
}

async function findInPicker(page, sku) {
  await page.getByPlaceholder('Find products: SKU, name, brand').fill(sku);
  const row = page.locator(`.picker-item[data-sku="${sku}"]`);
  await row.waitFor();
  return row;
}

test('a product dropped on a type group becomes a link of that type', async (t) => {
  const target = await unlinkedIn('Accessories/Socks', SHOE);
  const page = await openProduct(t, SHOE);
  await h.shot(page, 'product');
  const row = await findInPicker(page, target);
  await row.dragTo(group(page, 'accessory'));
  await group(page, 'accessory').locator(`li[data-target="${target}"]`).waitFor();
  const after = await links(SHOE, 'accessory');
  assert.ok(
    after.some((l) => l.target === target && l.origin === 'manual'),
    `the API has ${SHOE} accessory ${target}`,
  );
  await h.shot(page, 'product-linked');

  // The same link again is refused, and the server's reason shows at that group.
  page.allowHttpStatus(409);
  await (await findInPicker(page, target)).dragTo(group(page, 'accessory'));
  const alert = group(page, 'accessory').getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /exist|already|duplicate/i);
  assert.equal((await links(SHOE, 'accessory')).filter((l) => l.target === target).length, 1);
  await h.shot(page, 'product-link-refused');
});

test('"Link as…" links with the keyboard', async (t) => {
  const target = await unlinkedIn('Apparel/Activewear/Tops', SHOE);
  const page = await openProduct(t, SHOE);
  await findInPicker(page, target);
  await page.getByLabel(`Link ${target} as`).selectOption('cross_sell');
  await page.locator(`.picker-item[data-sku="${target}"]`).getByRole('button', { name: 'Link' }).click();
  await group(page, 'cross_sell').locator(`li[data-target="${target}"]`).waitFor();
  assert.ok((await links(SHOE, 'cross_sell')).some((l) => l.target === target));
});

test('the keyboard alone links and moves a link', async (t) => {
  const target = await unlinkedIn('Accessories/Socks', SHOE);
  const page = await openProduct(t, SHOE);
  await page.getByPlaceholder('Find products: SKU, name, brand').focus();
  await page.keyboard.type(target);
  await page.locator(`.picker-item[data-sku="${target}"]`).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `Link ${target} as`);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Link');
  await page.keyboard.press('Enter');
  const row = group(page, 'accessory').locator(`li[data-target="${target}"]`);
  await row.waitFor();

  // Move it to the top with its ↑ button, pressed from the keyboard, one place at a time.
  const indexOf = (sku) =>
    page.evaluate(
      (s) =>
        [...document.querySelectorAll('section.group[data-type="accessory"] li.link-row')].findIndex(
          (li) => li.dataset.target === s,
        ),
      sku,
    );
  await page.getByRole('button', { name: `Move ${target} up` }).focus();
  for (let at = await indexOf(target); at > 0; at--) {
    // Focus comes back to the moved link's button once the list has reloaded.
    await page.waitForFunction(
      (label) => document.activeElement?.getAttribute('aria-label') === label && !document.activeElement.disabled,
      `Move ${target} ${at > 0 ? 'up' : 'down'}`,
    );
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      ([s, want]) =>
        [...document.querySelectorAll('section.group[data-type="accessory"] li.link-row')].findIndex(
          (li) => li.dataset.target === s,
        ) === want,
      [target, at - 1],
    );
  }
  const stored = await links(SHOE, 'accessory');
  assert.equal(stored.find((l) => l.target === target).position, 1);
  await h.shot(page, 'product-keyboard');
});

test('a cycle in an acyclic type is refused at its group', async (t) => {
  // STD-MODEL-001 upsell PERF-MODEL-001 exists; the way back would close a cycle.
  const page = await openProduct(t, 'PERF-MODEL-001');
  page.allowHttpStatus(409);
  await (await findInPicker(page, 'STD-MODEL-001')).dragTo(group(page, 'upsell'));
  const alert = group(page, 'upsell').getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /cycle/i);
  await h.shot(page, 'product-cycle-refused');
});

test('dragging a link reorders and pins the type, as the API then serves it', async (t) => {
  // Two more cross-sells, so there is an order to change.
  for (const category of ['Accessories/Socks', 'Apparel/Activewear/Tops']) {
    const target = await unlinkedIn(category, SHOE);
    const r = await h.api('POST', '/v1/relationships', { source: SHOE, target, type: 'cross_sell' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const page = await openProduct(t, SHOE);
  const rows = group(page, 'cross_sell').locator('li.link-row[draggable="true"]');
  await rows.nth(2).waitFor();
  const order = await rows.evaluateAll((els) => els.map((e) => e.dataset.target));
  const last = order[order.length - 1];

  await rows.last().dragTo(rows.first());
  const want = [last, ...order.slice(0, -1)];
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('section.group[data-type="cross_sell"] li.link-row[draggable="true"]')]
        .map((e) => e.dataset.target)
        .join() === expected.join(),
    want,
  );
  const recs = await h.api('GET', `/v1/products/${SHOE}/recommendations?type=cross_sell&limit=50&include_out_of_stock=true`);
  assert.deepEqual(recs.body.items.slice(0, want.length).map((i) => i.sku), want);
  const stored = await links(SHOE, 'cross_sell');
  for (const [i, sku] of want.entries()) {
    assert.equal(stored.find((l) => l.target === sku).position, i + 1, `${sku} pinned at ${i + 1}`);
  }
  await h.shot(page, 'product-reordered');

  // The keyboard way: move the first one down.
  await page.getByRole('button', { name: `Move ${want[0]} down` }).click();
  const want2 = [want[1], want[0], ...want.slice(2)];
  await page.waitForFunction(
    (expected) =>
      [...document.querySelectorAll('section.group[data-type="cross_sell"] li.link-row[draggable="true"]')]
        .map((e) => e.dataset.target)
        .join() === expected.join(),
    want2,
  );
  const recs2 = await h.api('GET', `/v1/products/${SHOE}/recommendations?type=cross_sell&limit=50&include_out_of_stock=true`);
  assert.deepEqual(recs2.body.items.slice(0, want2.length).map((i) => i.sku), want2);
});

test('removing a link deletes it', async (t) => {
  const target = await unlinkedIn('Accessories/Socks', SHOE);
  const made = await h.api('POST', '/v1/relationships', { source: SHOE, target, type: 'accessory' });
  assert.equal(made.status, 201);
  const page = await openProduct(t, SHOE);
  await page.getByRole('button', { name: `Remove link to ${target}` }).click();
  await group(page, 'accessory').locator(`li[data-target="${target}"]`).waitFor({ state: 'detached' });
  assert.ok(!(await links(SHOE, 'accessory')).some((l) => l.target === target));
});

test('a viewer sees relationships but no edit controls', async (t) => {
  const key = await h.makeKey('console-viewer', 'viewer');
  const page = await h.open(t);
  await h.signIn(page, { key, path: `/catalog/${SHOE}` });
  await group(page, 'cross_sell').locator('li.link-row').first().waitFor();
  assert.equal(await page.getByRole('button', { name: /^Remove link/ }).count(), 0);
  assert.equal(await page.getByRole('complementary', { name: 'Add links' }).count(), 0);
  assert.equal(await page.locator('li.link-row[draggable="true"]').count(), 0);
  await h.shot(page, 'product-viewer');
});
