import assert from 'node:assert/strict';
import { test } from 'node:test';
import { load } from './load.mjs';

const rows = await load('src/pages/catalog/linkRows.ts');
const bundle = await load('src/pages/bundles/bundleDraft.ts');

const link = (id, target, type, position = null, origin = 'manual') => ({
  id, source: 'S', target, type, weight: 1, origin, position, version: 1,
});

test('a type group lists pinned links first, then in served order, with their explanation', () => {
  const links = [link(1, 'A', 'cross_sell'), link(2, 'B', 'cross_sell', 1), link(3, 'C', 'accessory')];
  const recs = [
    { sku: 'B', name: 'Bee', type: 'cross_sell', score: 1, price: '1', currency: 'USD', in_stock: true,
      reasons: [{ kind: 'link', relationship_id: 2, origin: 'manual', type: 'cross_sell', type_weight: 1, score: 1, text: 'link #2' }] },
    // C is served once, under cross_sell (its best type), with the accessory link among its reasons.
    { sku: 'C', name: 'Sea', type: 'cross_sell', score: 1, price: '1', currency: 'USD', in_stock: false,
      reasons: [
        { kind: 'rule', rule: 'r', origin: 'rule:r', type: 'cross_sell', type_weight: 1, rule_weight: 2, score: 2, text: 'rule r' },
        { kind: 'link', relationship_id: 3, origin: 'manual', type: 'accessory', type_weight: 1, score: 1, text: 'link #3' },
      ] },
    { sku: 'A', name: 'Ay', type: 'cross_sell', score: 1, price: '1', currency: 'USD', in_stock: true, reasons: [] },
  ];
  const g = rows.linkRowsByType(links, recs);
  assert.deepEqual(g.get('cross_sell').map((r) => [r.target, r.origin]), [['B', 'manual'], ['C', 'rule:r'], ['A', 'manual']]);
  assert.equal(g.get('cross_sell')[0].explanation, 'link #2');
  const acc = g.get('accessory')[0];
  assert.deepEqual([acc.target, acc.name, acc.explanation, acc.inStock], ['C', 'Sea', 'link #3', false]);
});

test('moving an id keeps the others in order', () => {
  assert.deepEqual(rows.moved([1, 2, 3, 4], 3, 0), [4, 1, 2, 3]);
  assert.deepEqual(rows.moved([1, 2, 3, 4], 0, 1), [2, 1, 3, 4]);
  assert.deepEqual(rows.moved([1, 2], 1, 9), [1, 2]);
});

test('a bundle form sends only what it sets, a fixed price in the items\' currency', () => {
  const form = { ...bundle.EMPTY_FORM, name: ' Kit ', items: [{ sku: 'A', quantity: 1, optional: false }] };
  assert.deepEqual(bundle.draftFromForm(form, 'EUR'), { name: 'Kit', items: form.items });
  const priced = { ...form, pricing: 'price', price: '49.99', activeFrom: '2026-12-01' };
  assert.deepEqual(bundle.draftFromForm(priced, 'EUR'), {
    name: 'Kit', items: form.items, price: { amount: '49.99', currency: 'EUR' }, active_from: '2026-12-01',
  });
  const discounted = { ...form, pricing: 'discount', discount: '12.5', price: '49.99' };
  assert.equal(bundle.draftFromForm(discounted, null).discount_percent, 12.5);
  assert.equal(bundle.draftFromForm(discounted, null).price, undefined);
  assert.deepEqual(bundle.withItem(bundle.withItem([], 'A'), 'A'), [{ sku: 'A', quantity: 2, optional: false }]);
});
