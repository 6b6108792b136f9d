/**
 * A sale of many items: catalog preload (chunked, idempotent, forced), one line
 * of a chosen item, per-item and sale-wide limits, item stats and restock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  isInvalidArgumentError,
  isLimitConflictError,
  isSaleConflictError,
  isStockConflictError,
  isUnknownItemError,
  MAX_PER_USER_LIMIT,
  PRELOAD_CHUNK_ITEMS,
  type CatalogItem,
} from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { catalogDigest } from '../../../src/sale/catalog/catalog.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { expectInvariants } from '../invariants.js';
import { openSale, rawState, type SaleFixture } from '../sale-fixture.js';

const DROP: CatalogItem[] = [
  { id: 'phone', stock: 2, perUserLimit: 1 },
  { id: 'case', stock: 5, perUserLimit: 3 },
  { id: 'charger', stock: 0 },
];

describe.each(BACKENDS)('a catalog on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('loads items with their own stock and limits; the same preload again changes nothing', async () => {
    f = openSale(backend);
    expect(await f.sale.preload({ items: DROP, perUserLimit: 4 })).toBe('created');
    expect(await f.sale.preload({ items: DROP, perUserLimit: 4 })).toBe('unchanged');
    expect(await f.sale.stats()).toMatchObject({
      items: 3,
      loaded: 7,
      available: 7,
      perUserLimit: 4,
      phase: 'open',
    });
    const page = await f.sale.itemStats(['phone', 'charger', 'nope']);
    expect(page.loaded).toBe(true);
    expect(page.items).toEqual([
      {
        item: 'phone',
        loaded: 2,
        restocked: 0,
        withdrawn: 0,
        available: 2,
        held: 0,
        sold: 0,
        perUserLimit: 1,
      },
      {
        item: 'charger',
        loaded: 0,
        restocked: 0,
        withdrawn: 0,
        available: 0,
        held: 0,
        sold: 0,
        perUserLimit: 1,
      },
      null,
    ]);
    await expectInvariants(f.client, f.keys, 4);
  });

  it('sells each item by its own stock and limits, naming the refused item', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP, perUserLimit: 4 });
    const phone = await f.sale.tryPurchase('ann', { item: 'phone' });
    expect(phone).toMatchObject({
      ok: true,
      reservation: { lines: [{ item: 'phone', quantity: 1 }] },
    });
    expect(await f.sale.tryPurchase('ann', { item: 'phone' })).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'phone',
    });
    expect(await f.sale.tryPurchase('ann', { item: 'case', quantity: 3 })).toMatchObject({
      ok: true,
    });
    // the sale-wide limit (4) counts every item: 1 + 3 held, one more is refused
    expect(await f.sale.tryPurchase('ann', { item: 'case', quantity: 1 })).toMatchObject({
      ok: false,
      reason: 'limit_reached',
    });
    expect(await f.sale.tryPurchase('bob', { item: 'case', quantity: 2 })).toMatchObject({
      ok: true,
    });
    // stock is checked before limits: once the item is gone, that is the answer
    expect(await f.sale.tryPurchase('ann', { item: 'case', quantity: 1 })).toMatchObject({
      ok: false,
      reason: 'sold_out',
    });
    expect(await f.sale.tryPurchase('cyd', { item: 'charger' })).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'charger',
    });
    expect(await f.sale.tryPurchase('cyd', { item: 'phone', quantity: 1 })).toMatchObject({
      ok: true,
    });
    expect(await f.sale.tryPurchase('dan', { item: 'phone' })).toMatchObject({
      ok: false,
      reason: 'sold_out',
      item: 'phone',
    });
    const status = await f.sale.userStatus('ann');
    expect(status).toMatchObject({ used: 4, remaining: 0 });
    expect(status?.items).toEqual({
      case: { used: 3, perUserLimit: 3, remaining: 0 },
      phone: { used: 1, perUserLimit: 1, remaining: 0 },
    });
    const recount = await expectInvariants(f.client, f.keys, 4);
    expect(recount.items.get('phone')).toMatchObject({ available: 0, held: 2 });
    expect(recount.items.get('case')).toMatchObject({ available: 0, held: 5 });
  });

  it('refuses an unknown item with a typed error, writing nothing', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    const before = await rawState(f);
    const error: unknown = await f.sale
      .tryPurchase('ann', { item: 'tablet' })
      .catch((e: unknown) => e);
    expect(isUnknownItemError(error) && error.itemId).toBe('tablet');
    // the one-item default does not exist in a catalog without it
    const noItem: unknown = await f.sale.tryPurchase('ann').catch((e: unknown) => e);
    expect(isUnknownItemError(noItem) && noItem.itemId).toBe('default');
    const badId: unknown = await f.sale
      .tryPurchase('ann', { item: 'a b' })
      .catch((e: unknown) => e);
    expect(isInvalidArgumentError(badId) && badId.argument).toBe('item');
    const restock: unknown = await f.sale.restock(5, { item: 'tablet' }).catch((e: unknown) => e);
    expect(isUnknownItemError(restock)).toBe(true);
    expect(await rawState(f)).toEqual(before);
  });

  it('restocks and withdraws one item, keeping conservation per item', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    expect(await f.sale.restock(4, { item: 'charger' })).toBe(4);
    expect(await f.sale.restock(-1, { item: 'case' })).toBe(4);
    const error: unknown = await f.sale.restock(-3, { item: 'phone' }).catch((e: unknown) => e);
    expect(isStockConflictError(error) && error.message).toContain('"phone"');
    expect(await f.sale.stats()).toMatchObject({ restocked: 4, withdrawn: 1, available: 10 });
    await expectInvariants(f.client, f.keys, MAX_PER_USER_LIMIT);
  });

  it('refuses a different catalog unless forced; forcing keeps holds and checks each item', async () => {
    f = openSale(backend);
    await f.sale.preload({ items: DROP });
    await f.sale.tryPurchase('ann', { item: 'case', quantity: 3 });
    const changed = DROP.map((item) => (item.id === 'case' ? { ...item, stock: 2 } : item));
    const conflict: unknown = await f.sale.preload({ items: changed }).catch((e: unknown) => e);
    expect(isSaleConflictError(conflict)).toBe(true);
    const before = await rawState(f);
    const below: unknown = await f.sale
      .preload({ items: changed, force: true })
      .catch((e: unknown) => e);
    expect(isStockConflictError(below) && below.message).toContain('"case"');
    const limit: unknown = await f.sale
      .preload({
        items: DROP.map((item) => (item.id === 'case' ? { ...item, perUserLimit: 2 } : item)),
        force: true,
      })
      .catch((e: unknown) => e);
    expect(isLimitConflictError(limit) && [limit.itemId, limit.userId]).toEqual(['case', 'ann']);
    expect(await rawState(f)).toEqual(before);
    const more = [
      ...DROP.map((item) => (item.id === 'case' ? { ...item, stock: 9 } : item)),
      { id: 'strap', stock: 4 },
    ];
    expect(await f.sale.preload({ items: more, force: true })).toBe('replaced');
    expect(await f.sale.stats()).toMatchObject({ items: 4, held: 3, available: 2 + 6 + 0 + 4 });
    await expectInvariants(f.client, f.keys, MAX_PER_USER_LIMIT);
  });
});

describe('a large catalog on redis', () => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });
  const many = (count: number, stock = 3): CatalogItem[] =>
    Array.from({ length: count }, (_, i) => ({ id: `sku-${String(i)}`, stock }));

  it('loads 10,000 items in chunks, idempotently, and sells the last one', async () => {
    f = openSale('redis');
    const items = many(10_000);
    expect(await f.sale.preload({ items })).toBe('created');
    expect(await f.sale.preload({ items })).toBe('unchanged');
    expect(await f.sale.stats()).toMatchObject({
      items: 10_000,
      loaded: 30_000,
      available: 30_000,
    });
    expect(await f.sale.tryPurchase('ann', { item: 'sku-9999' })).toMatchObject({ ok: true });
    await expectInvariants(f.client, f.keys, MAX_PER_USER_LIMIT);
  });

  it('finishes a preload cut off after its first chunk when run again; not loaded meanwhile', async () => {
    f = openSale('redis');
    const items = many(PRELOAD_CHUNK_ITEMS + 10);
    // run only the first of its two chunks, as a process that dies half way would
    const args: (string | number)[] = [
      f.keys.meta.split('{')[1]?.split('}')[0] ?? '',
      MAX_PER_USER_LIMIT,
      900_000,
      '',
      '',
      86_400_000,
      '1',
      '0',
      3_600_000,
      60_000,
      0,
    ];
    args.push(catalogDigest(items.map((item) => ({ id: item.id, stock: item.stock, limit: 1 }))));
    args.push(items.length, 0, 2, '0', '', '');
    for (const item of items.slice(0, PRELOAD_CHUNK_ITEMS)) args.push(item.id, item.stock, 1);
    await SALE_SCRIPTS.preload.run(f.client, 'test', 5000, [...f.keys.all, f.keys.op('cut')], args);
    expect(await f.sale.tryPurchase('ann', { item: 'sku-0' })).toMatchObject({
      ok: false,
      reason: 'not_loaded',
    });
    expect(await f.sale.preload({ items })).toBe('created');
    expect(await f.sale.stats()).toMatchObject({ items: PRELOAD_CHUNK_ITEMS + 10 });
    expect(
      await f.sale.tryPurchase('ann', { item: `sku-${String(PRELOAD_CHUNK_ITEMS + 9)}` }),
    ).toMatchObject({ ok: true });
    await expectInvariants(f.client, f.keys, MAX_PER_USER_LIMIT);
  });

  it('checks every chunk of a forced preload before writing any', async () => {
    f = openSale('redis');
    const items = many(PRELOAD_CHUNK_ITEMS + 5);
    await f.sale.preload({ items });
    const last = `sku-${String(PRELOAD_CHUNK_ITEMS + 4)}`;
    await f.sale.tryPurchase('ann', { item: last });
    const before = await rawState(f);
    const lowered = items.map((item) => ({ ...item, stock: item.id === last ? 0 : 7 }));
    const error: unknown = await f.sale
      .preload({ items: lowered, force: true })
      .catch((e: unknown) => e);
    expect(isStockConflictError(error) && error.message).toContain(JSON.stringify(last));
    expect(await rawState(f)).toEqual(before);
  });
});
