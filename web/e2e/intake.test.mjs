// The intake console: a Shopify order refused by the account's profile and a truncated delivery
// are dead-lettered; the page shows the source's health, the failures ranked by impact, each dead
// letter with its payload and error; a dry run says they would fail; the cause is fixed (the
// account's profile relaxed, as the triage advises) and the replay from the page stores the
// order; the truncated one fails again, as a new dead letter. A key that may not replay is not
// offered it.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO, useConsole } from './harness.mjs';

const h = useConsole();
const ORDER = 'shopify:acme:450789469';
const configDir = mkdtempSync(join(tmpdir(), 'affinity-intake-config-'));
after(() => rmSync(configDir, { recursive: true, force: true }));

/** The real Shopify webhook payload of the fixtures, without the buyer's email. */
function orderWithoutEmail() {
  const order = JSON.parse(readFileSync(join(REPO, 'tests/fixtures/payloads/shopify-1.json'), 'utf8'));
  delete order.order.email;
  delete order.order.contact_email;
  if (order.order.customer) delete order.order.customer.email;
  return order;
}

async function deliver(body, headers = {}) {
  const res = await fetch(`${h.baseUrl}/v1/intake/shopify?account=acme`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${h.adminKey}`, 'Content-Type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  assert.equal(res.status, 202, text);
  return JSON.parse(text).delivery;
}

async function openDeadLetters() {
  for (let i = 0; i < 100; i++) {
    const r = await h.api('GET', '/v1/intake/dead-letters?account=acme');
    if (r.body.items.length === 2) return r.body.items;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('the two deliveries were not dead-lettered');
}

test('see a dead letter with its payload, fix the cause, replay it and see it stored', async (t) => {
  await deliver(JSON.stringify(orderWithoutEmail()), { 'X-Shopify-Webhook-Id': 'console-e2e-1' });
  await deliver('{"order": {"id": 1, "line_items": [', { 'X-Shopify-Webhook-Id': 'console-e2e-2' });
  const items = await openDeadLetters();
  const invalid = items.find((d) => d.stage === 'validate');
  const truncated = items.find((d) => d.stage === 'parse');
  assert.ok(invalid && truncated, JSON.stringify(items));

  let page = await h.open(t);
  await h.signIn(page, { path: '/intake' });
  const source = page.locator('tr[data-source="shopify/acme"]');
  await source.waitFor();
  assert.match(await source.innerText(), /shopify \/ acme/);
  const groups = page.getByRole('list', { name: 'Failures by impact' }).locator('li');
  await groups.first().waitFor();
  assert.equal(await groups.count(), 2);
  assert.match(await groups.first().innerText(), /buyer_email/, 'the order blocked, with its value, ranks first');
  assert.match(await groups.first().innerText(), /409\.94 USD/);
  await h.shot(page, 'intake-console');

  // The dead letter with its payload and error.
  await page.getByRole('button', { name: `Show the 2 dead letters of shopify/acme` }).click();
  assert.match(page.url(), /channel=shopify&account=acme/);
  await page.getByRole('button', { name: `Open dead letter ${invalid.id}` }).click();
  const detail = page.getByRole('region', { name: `Dead letter ${invalid.id}` });
  await detail.getByRole('heading', { name: `Dead letter ${invalid.id}` }).waitFor();
  const payload = detail.getByLabel('Payload');
  await payload.waitFor();
  assert.match(await payload.innerText(), /"id": 450789469/);
  assert.doesNotMatch(await payload.innerText(), /bob\.norman@hostmail\.com/);
  assert.match(await detail.getByTestId('dl-error').innerText(), /'buyer_email' is required/);
  await h.shot(page, 'intake-dead-letter');

  // The truncated one: the parser's stop is marked in the bytes as received.
  await page.getByRole('button', { name: `Open dead letter ${truncated.id}` }).click();
  await page.getByRole('region', { name: `Dead letter ${truncated.id}` }).locator('mark.parse-stop').waitFor();

  // A dry run of both: they would fail as they are.
  await page.getByRole('checkbox', { name: 'Select every open dead letter shown' }).check();
  await page.getByRole('button', { name: 'Dry run selected' }).click();
  const summary = page.getByRole('status').filter({ hasText: /Dry run \d+/ });
  await summary.waitFor();
  assert.match(await summary.locator(`[data-outcome-of="${invalid.id}"]`).innerText(), /would fail again/);
  assert.equal((await h.api('GET', `/v1/orders/${encodeURIComponent(ORDER)}`)).status, 404);
  await h.shot(page, 'intake-dry-run');

  // The fix the triage names: relax the account's profile (read at start), then replay.
  const config = join(configDir, 'intake.json');
  writeFileSync(config, JSON.stringify({ profiles: { shopify: { acme: { require_buyer_email: false } } } }));
  await h.restart(['--intake-config', config]);
  page = await h.open(t);
  await h.signIn(page, { path: `/intake?dead_letter=${invalid.id}` });
  const again = page.getByRole('region', { name: `Dead letter ${invalid.id}` });
  await again.getByRole('button', { name: 'Dry run' }).click();
  await page.getByRole('status').filter({ hasText: 'would be stored' }).waitFor();
  await again.getByRole('button', { name: 'Replay' }).click();
  const replayed = page.getByRole('status').filter({ hasText: /Replay \d+:/ });
  await replayed.getByText('the order is stored').waitFor();
  const order = await h.api('GET', `/v1/orders/${encodeURIComponent(ORDER)}`);
  assert.equal(order.status, 200, JSON.stringify(order.body));
  assert.equal(order.body.total, '409.94');
  const closed = await h.api('GET', `/v1/intake/dead-letters/${invalid.id}`);
  assert.equal(closed.body.state, 'replayed');
  await again.getByText('replayed', { exact: true }).waitFor();
  await h.shot(page, 'intake-replayed');

  // The truncated delivery cannot be stored: replayed, it fails again as a new dead letter.
  await page.getByRole('button', { name: `Open dead letter ${truncated.id}` }).click();
  await page.getByRole('region', { name: `Dead letter ${truncated.id}` }).getByRole('button', { name: 'Replay' }).click();
  const failed = page.getByRole('status').filter({ hasText: /failed again/ });
  await failed.waitFor();
  const newId = Number(/as dead letter (\d+)/.exec(await failed.innerText())[1]);
  assert.ok(newId > truncated.id);
  await page.locator(`tr[data-dead-letter="${newId}"]`).waitFor();

  // The replays are recorded: two dry runs and two replays.
  const history = page.getByRole('table', { name: 'Replays' }).locator('tbody tr');
  await page.waitForFunction(() => document.querySelectorAll('table.replay-history tbody tr').length === 4);
  assert.match(await history.first().innerText(), /replay/);
  await page.getByRole('heading', { name: 'Replay history' }).scrollIntoViewIfNeeded();
  await h.shot(page, 'intake-history');
});

test('a merchandiser reads the intake but is offered no replay', async (t) => {
  const key = await h.makeKey('intake-reader', 'merchandiser');
  const me = await fetch(`${h.baseUrl}/v1/me`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json());
  assert.equal(me.may.intake_read, true);
  assert.equal(me.may.intake_write, false);
  const page = await h.open(t);
  await h.signIn(page, { key, path: '/intake?state=any' });
  await page.getByRole('table', { name: 'Dead letters' }).waitFor();
  const first = page.getByRole('table', { name: 'Dead letters' }).locator('tbody tr').first();
  await first.getByRole('button', { name: /Open dead letter/ }).click();
  await page.getByLabel('Payload').waitFor();
  assert.equal(await page.getByRole('button', { name: /Replay|Dry run/ }).count(), 0);
  assert.equal(await page.getByRole('checkbox').count(), 0);
  await h.shot(page, 'intake-reader');
});
