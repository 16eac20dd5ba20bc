// The smaller pages: weights (a type's weight changed), suggestions (one accepted), intake.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { useConsole } from './harness.mjs';

const h = useConsole();

test('a relation type weight is changed on the weights page', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/weights' });
  const input = page.getByLabel('Weight of accessory (number)');
  await input.fill('0.9');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForFunction(async () => {
    const res = await fetch('/v1/relation-types/accessory', {
      headers: { Authorization: `Bearer ${sessionStorage.getItem('affinity.apiKey')}` },
    });
    return (await res.json()).weight === 0.9;
  });
  await page.getByText('No unsaved changes').waitFor();
  await h.shot(page, 'weights');
});

test('a mined suggestion is accepted into a relationship', async (t) => {
  const pending = await h.api('GET', '/v1/suggestions?status=pending&limit=5');
  assert.equal(pending.status, 200);
  const page = await h.open(t);
  await h.signIn(page, { path: '/suggestions' });
  if (pending.body.items.length === 0) {
    await page.getByText('No pending suggestions').waitFor();
    await h.shot(page, 'suggestions');
    t.diagnostic('the demo data has no pending suggestions: nothing to accept');
    return;
  }
  await h.shot(page, 'suggestions');
  const first = pending.body.items[0];
  await page.getByRole('button', { name: `Accept ${first.source} → ${first.target}` }).click();
  await page.waitForFunction(
    async (id) => {
      const res = await fetch(`/v1/suggestions/${id}`, {
        headers: { Authorization: `Bearer ${sessionStorage.getItem('affinity.apiKey')}` },
      });
      return (await res.json()).status === 'accepted';
    },
    first.id,
  );
  const links = await h.api('GET', `/v1/products/${first.source}/relationships?type=${first.type}`);
  assert.ok(links.body.items.some((l) => l.target === first.target && l.origin.startsWith('mined:')));
});

test('the intake page shows the sources', async (t) => {
  const page = await h.open(t);
  await h.signIn(page, { path: '/intake' });
  await page.getByRole('heading', { name: 'Intake' }).waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Loading intake sources'));
  await h.shot(page, 'intake');
});
