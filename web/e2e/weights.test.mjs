// The weights page: moving sliders re-ranks a product's recommendations at once, as a preview
// (the served ranking is unchanged); Save applies the weights and the served ranking follows;
// Reset discards; a viewer may preview but is not offered Save.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();
const SHOE = 'RUN-SHOE-001';

async function served(sku) {
  const r = await h.api('GET', `/v1/products/${sku}/recommendations?limit=20`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.map((i) => i.sku);
}

async function shownOrder(page) {
  return page
    .getByRole('table', { name: `Ranking for ${SHOE}` })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-sku')));
}

async function settled(page) {
  await page.waitForFunction(() => {
    const table = document.querySelector('table.ranking-table');
    const status = document.querySelector('.ranking-status')?.textContent ?? '';
    return table && table.getAttribute('aria-busy') !== 'true' && !status.includes('Updating');
  });
}

test('sliders preview the ranking; Save applies it; Reset discards', async (t) => {
  const before = await served(SHOE);
  const links = (await h.api('GET', `/v1/products/${SHOE}/relationships?type=accessory`)).body.items;
  const link = links.find((l) => l.target === 'SOCK-STR-0006');
  assert.ok(link, `${SHOE} has an accessory link to SOCK-STR-0006 in the demo`);

  const page = await h.open(t);
  await h.signIn(page, { path: '/weights' });
  await page.getByRole('searchbox', { name: 'Product' }).fill(SHOE);
  await page.getByRole('button', { name: new RegExp(`^${SHOE}`) }).click();
  await page.getByRole('table', { name: `Ranking for ${SHOE}` }).waitFor();
  assert.deepEqual(await shownOrder(page), before, 'the saved ranking, as served');
  await h.shot(page, 'weights-ranking');

  // Keyboard: the accessory type's slider to its maximum, and one link's weight typed.
  await page.getByRole('slider', { name: 'Weight of accessory' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('spinbutton', { name: `Weight of link ${link.id} to SOCK-STR-0006 (number)` }).fill('0.2');
  await page.getByText('2 unsaved changes').waitFor();
  await page.getByText('preview, not saved').waitFor();
  await settled(page);

  const weights = { types: { accessory: 5 }, links: { [String(link.id)]: 0.2 } };
  const preview = await h.api('POST', '/v1/recommendations', { sku: SHOE, limit: 20, weights });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.equal(preview.body.preview, true);
  const expected = preview.body.items.map((i) => i.sku);
  assert.notDeepEqual(expected, before, 'the weights change the order');
  await page.waitForFunction(
    (want) =>
      JSON.stringify([...document.querySelectorAll('table.ranking-table tbody tr')].map((r) => r.dataset.sku)) === want,
    JSON.stringify(expected),
  );
  assert.ok((await page.locator('.move-up').count()) > 0, 'some items are shown moving up');
  assert.ok((await page.locator('.move-down').count()) > 0, 'and some down');
  await h.shot(page, 'weights-preview');
  assert.deepEqual(await served(SHOE), before, 'nothing saved while previewing');
  assert.equal((await h.api('GET', '/v1/relation-types/accessory')).body.weight, 0.8);

  // Reset discards, and the saved ranking is back.
  await page.getByRole('button', { name: 'Reset' }).click();
  await page.getByText('No unsaved changes').waitFor();
  assert.deepEqual(await shownOrder(page), before);

  // Again, and Save.
  await page.getByRole('slider', { name: 'Weight of accessory' }).focus();
  await page.keyboard.press('End');
  await page.getByRole('spinbutton', { name: `Weight of link ${link.id} to SOCK-STR-0006 (number)` }).fill('0.2');
  await page.getByText('preview, not saved').waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved 2 changes.' }).waitFor();
  await page.getByText('No unsaved changes').waitFor();
  assert.equal((await h.api('GET', '/v1/relation-types/accessory')).body.weight, 5);
  assert.equal((await h.api('GET', `/v1/relationships/${link.id}`)).body.weight, 0.2);
  assert.deepEqual(await served(SHOE), expected, 'the served ranking is the previewed one');
  await page.waitForFunction(
    (want) =>
      JSON.stringify([...document.querySelectorAll('table.ranking-table tbody tr')].map((r) => r.dataset.sku)) === want,
    JSON.stringify(expected),
  );
  await h.shot(page, 'weights-saved');

  // Put the type back for the other tests of this file.
  const back = await h.api('PUT', '/v1/relation-types/accessory', { weight: 0.8 });
  assert.equal(back.status, 200, JSON.stringify(back.body));
});

test('a refused save is shown at its slider; a stale version is not overwritten', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: `/weights?sku=${SHOE}` });
  await page.getByRole('table', { name: `Ranking for ${SHOE}` }).waitFor();
  await page.getByRole('slider', { name: 'Weight of upsell' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.getByText('1 unsaved change').waitFor();
  // Someone else changes the type meanwhile: the save carries the old version and is refused.
  const other = await h.api('PUT', '/v1/relation-types/upsell', { weight: 1.3 });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  page.allowHttpStatus(412);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Nothing saved: 1 change refused' }).waitFor();
  const row = page.locator('[data-weight="type:upsell"]');
  await row.getByRole('alert').waitFor();
  assert.match(await row.getByRole('alert').innerText(), /version/);
  assert.equal((await h.api('GET', '/v1/relation-types/upsell')).body.weight, 1.3, 'not overwritten');
  await h.shot(page, 'weights-refused');
});

test('a viewer may preview but is not offered Save', async (t) => {
  const key = await h.makeKey('weights-viewer', 'viewer');
  const page = await h.open(t);
  await h.signIn(page, { key, path: `/weights?sku=${SHOE}` });
  await page.getByRole('table', { name: `Ranking for ${SHOE}` }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Save', exact: true }).count(), 0);
  await page.getByRole('slider', { name: 'Weight of cross_sell' }).focus();
  await page.keyboard.press('Home');
  await page.getByText('preview, not saved').waitFor();
  await settled(page);
  await h.shot(page, 'weights-viewer');
});
