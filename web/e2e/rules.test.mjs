// The rule editor: a misspelt attribute is shown at its place with the nearest name, fixed with
// one click; the preview counts and samples follow the text; the rule is saved and the API has
// it; enable/disable and delete from the list; a viewer gets no editor.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

test('write a rule, fix the misspelt attribute, preview, save', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/rules' });
  await page.getByText('No rules yet.').waitFor();
  await h.shot(page, 'rules-empty');

  await page.getByRole('link', { name: 'New rule' }).click();
  await page.getByRole('heading', { name: 'New rule' }).waitFor();
  await page.getByLabel('ID', { exact: true }).fill('red-socks');
  await page.getByLabel('Relation type').selectOption('accessory');
  await page.getByLabel('Description').fill('Socks of the brand for every red product');
  const when = page.getByLabel('When (which products get links)');
  await when.fill('source.colr == "red"');

  // The diagnostic, at line 1 column 8, with the nearest known name.
  const diag = page.locator('#rule-when-diagnostics:not(.stale) li.diag.error');
  await diag.waitFor();
  const text = await diag.innerText();
  assert.match(text, /line 1, column 8/);
  assert.match(text, /unknown attribute 'colr'/);
  assert.match(text, /did you mean color\?/);
  assert.equal(await when.getAttribute('aria-invalid'), 'true');
  // The misspelt name is underlined in the highlighted copy.
  assert.equal(await page.locator('.cond-editor .diag-error').first().innerText(), 'colr');
  await page.getByRole('region', { name: 'Preview' }).getByText('not valid', { exact: true }).waitFor();
  await h.shot(page, 'rules-diagnostic');
  assert.equal((await h.api('GET', '/v1/rules')).body.items.length, 0, 'the dry run wrote nothing');

  await page.getByRole('button', { name: 'Use color' }).click();
  assert.equal(await when.inputValue(), 'source.color == "red"');
  await page
    .getByLabel('Then (which products they link to)')
    .fill('target.category == "Accessories/Socks" && target.brand == source.brand');
  await page.getByLabel('Limit').fill('3');

  const preview = page.getByRole('region', { name: 'Preview' });
  await preview.getByText('valid', { exact: true }).waitFor();
  await page.locator('#rule-when-diagnostics').waitFor({ state: 'detached' });
  const expected = await h.api('POST', '/v1/rules:validate', {
    id: 'red-socks',
    type: 'accessory',
    when: 'source.color == "red"',
    then: 'target.category == "Accessories/Socks" && target.brand == source.brand',
    limit: 3,
  });
  assert.equal(expected.status, 200);
  assert.ok(expected.body.stats.edges > 0, 'the demo catalog has red products with socks of their brand');
  await page.waitForFunction(
    (edges) => document.querySelector('[data-stat="edges"]')?.textContent === String(edges),
    expected.body.stats.edges,
  );
  assert.equal(await preview.locator('[data-stat="sources"]').innerText(), String(expected.body.stats.sources));
  assert.equal(await preview.locator('[data-stat="targets"]').innerText(), String(expected.body.stats.targets));
  const samples = preview.getByRole('table', { name: 'Sample pairs' }).locator('tbody tr');
  assert.equal(await samples.count(), expected.body.sample.length);
  const first = expected.body.sample[0];
  assert.match(await samples.first().innerText(), new RegExp(`${first.source}\\s*→\\s*${first.target}`));

  // A season, then save.
  await page.getByLabel('Every year, in a season').check();
  await page.getByRole('button', { name: 'Winter' }).click();
  await page.getByText('Live Nov 1 – Feb 28 every year').waitFor();
  await h.shot(page, 'rules-preview');
  await page.getByRole('button', { name: 'Create rule' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved rule red-socks (version 1)' }).waitFor();
  await page.getByRole('heading', { name: 'Rule red-socks' }).waitFor();

  const saved = await h.api('GET', '/v1/rules');
  assert.equal(saved.status, 200);
  assert.equal(saved.body.items.length, 1);
  const rule = saved.body.items[0];
  assert.equal(rule.id, 'red-socks');
  assert.equal(rule.when, 'source.color == "red"');
  assert.equal(rule.limit, 3);
  assert.deepEqual(rule.schedule, { recurring: '11-01/02-28' });
  assert.equal(rule.description, 'Socks of the brand for every red product');
  assert.equal(rule.stats.edges, expected.body.stats.edges);
  await h.shot(page, 'rules-saved');

  // An edit is sent with If-Match: a change made elsewhere meanwhile is refused, not overwritten.
  const other = await h.api('PUT', '/v1/rules/red-socks', { ...body(rule), priority: 5 }, { 'If-Match': '"1"' });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  page.allowHttpStatus(412);
  await page.getByLabel('Weight', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: 'version 2, not 1' }).waitFor();
  await page.getByRole('button', { name: /Load the current version/ }).click();
  await page.waitForFunction(() => document.querySelector('#rule-priority')?.value === '5');
  await page.getByLabel('Weight', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'version 3' }).waitFor();
  assert.equal((await h.api('GET', '/v1/rules/red-socks')).body.weight, 2);

  // The list: counts, schedule, disable, delete.
  await page.getByRole('link', { name: 'All rules' }).click();
  const row = page.locator('tr[data-rule="red-socks"]');
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${expected.body.stats.edges} links`));
  assert.match(await row.innerText(), /Nov 1 – Feb 28 every year/);
  await h.shot(page, 'rules-list');
  await page.getByRole('button', { name: 'Disable red-socks' }).click();
  await row.getByText('disabled', { exact: true }).waitFor();
  assert.equal((await h.api('GET', '/v1/rules/red-socks')).body.enabled, false);
  await page.getByRole('button', { name: 'Delete red-socks' }).click();
  await page.getByRole('button', { name: /Delete \d+ links too/ }).click();
  await page.getByText('No rules yet.').waitFor();
  assert.equal((await h.api('GET', '/v1/rules/red-socks')).status, 404);
});

test('syntax errors point at their place; a bad field is named', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/rules?new' });
  await page.getByLabel('ID', { exact: true }).fill('broken');
  await page.getByLabel('When (which products get links)').fill('source.price > 50 &&');
  const diag = page.locator('#rule-when-diagnostics:not(.stale) li.diag.error');
  await diag.waitFor();
  assert.match(await diag.innerText(), /line 1, column 21: expected a value after '&&'/);
  await page.locator('.cond-field:has(#rule-when) .diag-end').waitFor();
  await page.getByLabel('When (which products get links)').fill('source.price > 50');
  await page.getByLabel('Then (which products they link to)').fill('target.price < source.price\n&& target.categry == "x"');
  const then = page.locator('#rule-then-diagnostics:not(.stale) li.diag.error');
  await then.waitFor();
  assert.match(await then.innerText(), /line 2, column 11/);
  assert.match(await then.innerText(), /did you mean category\?/);
  page.allowHttpStatus(400); // the dry run refuses a limit of 0, naming the field
  await page.getByLabel('Limit').fill('0');
  await page.locator('#rule-limit-error').waitFor();
  assert.match(await page.locator('#rule-limit-error').innerText(), /between 1 and 1000/);
  await h.shot(page, 'rules-errors');
});

test('a viewer sees the rules but is offered no editor', async (t) => {
  const created = await h.api('POST', '/v1/rules', {
    id: 'socks-for-shoes',
    type: 'accessory',
    when: 'source.category startsWith "Footwear" && source.price > 50',
    then: 'target.category == "Accessories/Socks" && target.brand == source.brand',
    limit: 3,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const key = await h.makeKey('rules-viewer', 'viewer');
  const page = await h.open(t);
  await h.signIn(page, { key, path: '/rules' });
  await page.locator('tr[data-rule="socks-for-shoes"]').waitFor();
  assert.equal(await page.getByRole('link', { name: 'New rule' }).count(), 0);
  assert.equal(await page.getByRole('button', { name: /Disable|Delete/ }).count(), 0);
  assert.equal(await page.getByRole('link', { name: 'socks-for-shoes' }).count(), 0);
  await h.shot(page, 'rules-viewer');
});

function body(rule) {
  const { version: _v, stats: _s, warnings: _w, ...rest } = rule;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null));
}
