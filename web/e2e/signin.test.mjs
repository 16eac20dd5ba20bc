// Sign in with the admin key, land on the catalog; a viewer sees no edit controls; sign out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

test('signing in with the admin key lands on the catalog', async (t) => {
  const page = await h.open(t);
  await page.goto(h.baseUrl + '/');
  await page.getByRole('heading', { name: 'affinity console' }).waitFor();
  await h.shot(page, 'signin');

  await h.signIn(page);
  await page.waitForURL('**/catalog');
  await page.getByRole('heading', { name: 'Catalog' }).waitFor();
  await page.getByRole('table', { name: 'Products' }).getByRole('link').first().waitFor();
  const nav = page.getByRole('navigation', { name: 'Pages' });
  for (const name of ['Catalog', 'Graph', 'Bundles', 'Rules', 'Weights', 'Suggestions', 'Intake']) {
    assert.equal(await nav.getByRole('link', { name }).count(), 1, `nav has ${name}`);
  }
  await h.shot(page, 'catalog');

  await page.getByLabel('Search').fill('RUN-SHOE');
  await page.waitForURL('**/catalog?q=RUN-SHOE');
  await page.getByRole('link', { name: 'RUN-SHOE-001' }).click();
  await page.getByRole('heading', { name: 'Relationships' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/catalog/RUN-SHOE-001');
});

test('a wrong key is refused with the server detail', async (t) => {
  const page = await h.open(t);
  page.allowHttpStatus(401);
  await page.goto(h.baseUrl + '/');
  await page.getByLabel('API key').fill('afk_not_a_real_key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /key/i);
  await h.shot(page, 'signin-refused');
});

test('the key stays for the tab and sign out forgets it', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/catalog/RUN-SHOE-001' });
  await page.reload();
  await page.getByRole('navigation', { name: 'Pages' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});
