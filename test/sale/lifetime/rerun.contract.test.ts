/**
 * ioredis re-sends an unanswered command after reconnecting, so a script can run
 * twice with the same arguments. Here each mutating script is run a second time
 * directly, as the re-send would: it answers as its first run and applies its
 * effect once. (test/resend drives the same through a proxy that drops the reply.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import { BACKENDS, type AnyClient } from '../../harness/clients.js';
import { expectInvariants, hashEntries } from '../invariants.js';
import { last, mustReserve, pastDeadline } from '../purchase-helpers.js';
import { openSale, type SaleFixture } from '../sale-fixture.js';
import type { LuaScript } from '../../../src/shared/lua/lua-script.js';

async function twice(
  client: AnyClient,
  script: LuaScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<[unknown, unknown]> {
  const first = await script.run(client, 'test', 10_000, keys, args);
  const second = await script.run(client, 'test', 10_000, keys, args);
  return [first, second];
}

describe.each(BACKENDS)('a script run twice (a re-send) on %s', (backend) => {
  let f: SaleFixture;
  afterEach(async () => {
    await f.close();
  });

  it('purchase: one hold per request, and the same answer, quantity 2 included', async () => {
    f = openSale(backend, 'rr');
    await f.sale.preload({ stock: 5, perUserLimit: 2 });
    const args = [
      2,
      'rr:AAAAAAAAAAAAAAAA',
      'u',
      'default:2',
      '',
      '',
      '',
      '',
      'rr:BBBBBBBBBBBBBBBB',
      'v',
      'default:1',
      'idem-v',
      '{"channel":"app"}',
      'client-v',
      '',
      60_000,
    ];
    const keys = [...f.keys.all, f.keys.op('op-purchase'), f.keys.rate];
    const [first, second] = await twice(f.client, SALE_SCRIPTS.purchase, keys, args);
    expect(second).toEqual(first);
    expect((first as unknown[])[0]).toBe(1);
    expect((first as unknown[])[3]).toBe(1);
    expect(await f.sale.stats()).toMatchObject({ available: 2, held: 3 });
    expect(Object.keys(await hashEntries(f.client, f.keys.holds))).toHaveLength(2);
    expect(await f.client.xlen(f.keys.events)).toBe(2);
    await expectInvariants(f.client, f.keys, 2);
  });

  it('confirm and cancel: the second run answers as the first', async () => {
    f = openSale(backend, 'rr');
    await f.sale.preload({ stock: 5, perUserLimit: 2 });
    const a = await mustReserve(f.sale, 'a');
    const b = await mustReserve(f.sale, 'b');
    const confirmed = await twice(f.client, SALE_SCRIPTS.confirm, f.keys.all, [a.id, 'op-1']);
    expect(confirmed[0]).toEqual([1, expect.any(String)]);
    expect(confirmed[1]).toEqual(confirmed[0]);
    const cancelled = await twice(f.client, SALE_SCRIPTS.cancel, f.keys.all, [
      b.id,
      'cancelled',
      'op-2',
    ]);
    expect(cancelled[0]).toEqual([1, expect.any(String)]);
    expect(cancelled[1]).toEqual(cancelled[0]);
    // another call (another token) is told it was already done
    expect(await f.sale.cancel(b.id)).toMatchObject({ state: 'released' });
    expect(await f.client.xlen(f.keys.events)).toBe(4);
    await expectInvariants(f.client, f.keys, 2);
  });

  it('a late confirm that expired the hold says so on its re-run too', async () => {
    f = openSale(backend, 'rr');
    await f.sale.preload({ stock: 5, holdMs: 100 });
    const a = await mustReserve(f.sale, 'a');
    await pastDeadline(f.sale, a, f.clockSlackMs);
    const [first, second] = await twice(f.client, SALE_SCRIPTS.confirm, f.keys.all, [a.id, 'op']);
    expect((first as unknown[])[0]).toBe(-12);
    expect(second).toEqual(first);
  });

  it('restock, expire and the first preload: the second run answers as the first', async () => {
    f = openSale(backend, 'rr');
    const op = f.keys.op('op-preload');
    // sale id, limit, hold, start, end, retain, outbox, force, history, op ms, max extend,
    // digest, item count, chunk, chunks, dry, rate limits; then the chunk's items
    // (id, stock, limit)
    const preloadArgs = [
      'rr',
      1,
      100,
      '',
      '',
      1000,
      '1',
      '0',
      60_000,
      60_000,
      0,
      'd',
      1,
      0,
      1,
      '0',
      '',
      '',
    ].concat(['default', 5, 0]);
    const preloaded = await twice(f.client, SALE_SCRIPTS.preload, [...f.keys.all, op], preloadArgs);
    expect(preloaded).toEqual([
      [1, 0, ''],
      [1, 0, ''],
    ]);
    const restockOp = f.keys.op('op-restock');
    const restocked = await twice(
      f.client,
      SALE_SCRIPTS.restock,
      [...f.keys.all, restockOp],
      [5, 60_000, 'default'],
    );
    expect(restocked).toEqual([
      [1, 10],
      [1, 10],
    ]);
    expect(await f.sale.stats()).toMatchObject({ restocked: 5, available: 10 });

    const held = [await mustReserve(f.sale, 'a'), await mustReserve(f.sale, 'b')];
    await pastDeadline(f.sale, last(held), f.clockSlackMs);
    const expireOp = f.keys.op('op-expire');
    const expired = await twice(
      f.client,
      SALE_SCRIPTS.expire,
      [...f.keys.all, expireOp],
      [10, 60_000],
    );
    expect((expired[0] as unknown[]).length).toBe(5); // more flag + 2 × (id, record)
    expect(expired[1]).toEqual(expired[0]);
    expect(await f.sale.stats()).toMatchObject({ available: 10, held: 0 });
    await expectInvariants(f.client, f.keys, 1);
  });
});
