/**
 * createTestSale as a user's unit test would use it: a loaded sale in one line,
 * on an in-memory Redis, driving the public API end to end.
 */
import { describe, expect, it } from 'vitest';
import { InRequestOrders, QueuedOrders, type FlashSale, type OrderEvent } from '../../src/index.js';
import { createInMemoryRedis, createTestSale } from '../../src/testing/index.js';
import { manualClock } from './manual-clock.js';

/** A handler of the kind a user would test: the HTTP status for one purchase. */
async function buyStatus(sale: FlashSale, userId: string): Promise<number> {
  const result = await sale.tryPurchase(userId);
  if (result.ok) return 201;
  return result.reason === 'sold_out' ? 410 : 409;
}

describe('createTestSale', () => {
  it('returns a loaded sale in one line, which sells exactly its stock', async () => {
    const sale = await createTestSale({ stock: 2, perUserLimit: 1 });
    expect(sale.saleId).toBe('test-sale');
    expect(await sale.stats()).toMatchObject({ phase: 'open', loaded: 2, available: 2 });
    expect(await buyStatus(sale, 'alice')).toBe(201);
    expect(await buyStatus(sale, 'alice')).toBe(409);
    expect(await buyStatus(sale, 'bob')).toBe(201);
    expect(await buyStatus(sale, 'carol')).toBe(410);
    expect(await sale.stats()).toMatchObject({ available: 0, held: 2, sold: 0 });
  });

  it('keeps separate sales apart, and lets sales share a client when given one', async () => {
    const first = await createTestSale({ stock: 1 });
    const second = await createTestSale({ stock: 1 });
    expect((await first.tryPurchase('alice')).ok).toBe(true);
    expect(await second.stats()).toMatchObject({ available: 1, held: 0 });

    const redis = createInMemoryRedis();
    const drop = await createTestSale({ stock: 3 }, { redis, saleId: 'drop' });
    const sameDrop = await createTestSale({ stock: 3 }, { redis, saleId: 'drop' }); // 'unchanged'
    expect((await drop.tryPurchase('alice')).ok).toBe(true);
    expect(await sameDrop.stats()).toMatchObject({ available: 2, held: 1 });
  });

  it('returns an unpaid hold when the clock passes its deadline, without waiting', async () => {
    const clock = manualClock();
    const sale = await createTestSale(
      { stock: 1, holdMs: 15 * 60_000 },
      { redis: createInMemoryRedis({ now: clock.now }) },
    );
    const held = await sale.tryPurchase('alice');
    if (!held.ok) throw new Error(held.reason);
    expect(await sale.tryPurchase('bob')).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'default',
    });
    clock.advance(15 * 60_000);
    expect((await sale.expire()).released.map((r) => r.id)).toEqual([held.reservation.id]);
    expect((await sale.tryPurchase('bob')).ok).toBe(true);
  });

  it('runs in-request orders against a sink, and queued orders through paid', async () => {
    const sale = await createTestSale({ stock: 5 });
    const written: OrderEvent[] = [];
    const inRequest = new InRequestOrders({
      sale,
      sink: {
        write: (events) => {
          written.push(...events);
          return Promise.resolve();
        },
      },
    });
    const taken = await inRequest.purchase('alice', { idempotencyKey: 'r1' });
    if (!taken.ok) throw new Error(taken.reason);
    expect(written.map((event) => event.id)).toEqual([`${taken.reservation.id}/reserved`]);

    const queued = new QueuedOrders({ sale });
    const pending = await queued.purchase('bob', { idempotencyKey: 'r2' });
    if (!pending.ok) throw new Error(pending.reason);
    expect(pending.status.state).toBe('pending');
    await sale.confirm(pending.reservation.id);
    expect(await queued.status(pending.reservation.id)).toMatchObject({ state: 'paid' });
  });

  it('refuses bad options and bad preload settings with InvalidArgumentError', async () => {
    await expect(createTestSale({ stock: 1 }, null as never)).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'options',
    });
    await expect(createTestSale({ stock: -1 })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'stock',
    });
    await expect(createTestSale({ stock: 1 }, { saleId: 'no spaces' })).rejects.toMatchObject({
      name: 'InvalidArgumentError',
      argument: 'saleId',
    });
  });
});
