/**
 * flash-sale/otel on a real Redis: after a crowd, payments, cancellations,
 * expiries, a worker's deliveries and a few locks, every metric equals the
 * sale's, the worker's and the records' own numbers exactly; the disposer stops
 * everything.
 */
import { hasSubscribers } from 'node:diagnostics_channel';
import { metrics } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CHANNELS,
  ExpirySweeper,
  FlashSale,
  OutboxWorker,
  type Reservation,
} from '../../src/index.js';
import { RedisLock } from '../../src/lock/index.js';
import {
  FLASH_SALE_ATTRIBUTES as A,
  FLASH_SALE_METRICS as M,
  instrumentFlashSale,
} from '../../src/otel/index.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { RecordingSink, until } from '../orders/worker/pipeline-fixture.js';
import { pastDeadline } from '../sale/purchase-helpers.js';
import { testMeter, total, type TestMeter } from './metric-reader.js';

const redis = redisClient();
const prefix = uniquePrefix('otel');
const cleanups: (() => unknown)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
});

function instrumented(options: { itemAttribute?: boolean } = {}): TestMeter {
  const meter = testMeter();
  const stop = instrumentFlashSale({ meterProvider: meter.meterProvider, ...options });
  cleanups.push(stop, async () => meter.shutdown());
  return meter;
}

/** Unwraps a hold, failing the test on a refusal. */
function held(result: Awaited<ReturnType<FlashSale['tryPurchase']>>): Reservation {
  if (!result.ok) throw new Error(`expected a hold, got ${result.reason}`);
  return result.reservation;
}

describe('instrumentFlashSale', () => {
  it("records purchases, transitions, expiries, deliveries and locks that equal the sale's own numbers", async () => {
    const meter = instrumented();
    const sale = new FlashSale({ redis, saleId: 'otel-drop', keyPrefix: prefix });
    await sale.preload({
      items: [
        { id: 'phone', stock: 10, perUserLimit: 1 },
        { id: 'case', stock: 20, perUserLimit: 2 },
      ],
      holdMs: 60_000,
    });
    // a crowd of 40 for 10 phones, and 5 buyers of two cases each, at the same instant
    const answers = await Promise.all([
      ...Array.from({ length: 40 }, (_, n) => sale.tryPurchase(`p${String(n)}`, { item: 'phone' })),
      ...Array.from({ length: 5 }, (_, n) =>
        sale.tryPurchaseCart(`c${String(n)}`, { lines: [{ item: 'case', quantity: 2 }] }),
      ),
    ]);
    const phones = answers
      .slice(0, 40)
      .filter((answer) => answer.ok)
      .map(held);
    expect(phones).toHaveLength(10);
    for (const hold of phones.slice(0, 3)) await sale.confirm(hold.id);
    await sale.confirm(phones[0]?.id ?? ''); // a repeat: counted as unchanged
    for (const hold of phones.slice(3, 5)) await sale.cancel(hold.id);

    // the outbox: 15 reserved, 3 confirmed, 2 cancelled
    const sink = new RecordingSink();
    const worker = new OutboxWorker({ sale, sink, blockMs: 50, trimIntervalMs: 50 });
    worker.start();
    cleanups.push(async () => worker.stop());
    await until('the worker delivered the 20 events and reported catching up', async () => {
      if (worker.stats().written < 20) return false;
      const metrics = await meter.collect();
      return (
        total(metrics, M.outboxLag, { [A.sale]: 'otel-drop' }) === 0 &&
        (metrics.get(M.outboxLag) ?? []).some((point) => point.attributes[A.sale] === 'otel-drop')
      );
    });

    const metrics = await meter.collect();
    const stats = await sale.stats();
    const [phone, cases] = (await sale.itemStats(['phone', 'case'])).items;
    const drop = { [A.sale]: 'otel-drop' };
    expect(total(metrics, M.purchases, { ...drop, [A.outcome]: 'reserved' })).toBe(15);
    expect(
      total(metrics, M.purchases, { ...drop, [A.outcome]: 'rejected', [A.reason]: 'sold_out' }),
    ).toBe(30);
    expect(total(metrics, M.purchases, drop)).toBe(45);
    // units reserved, per item, are what is held, sold and was cancelled
    const cancelled = total(metrics, M.transitions, {
      ...drop,
      [A.operation]: 'cancel',
      [A.outcome]: 'changed',
    });
    expect(cancelled).toBe(2);
    expect(
      total(metrics, M.purchaseUnits, { ...drop, [A.outcome]: 'reserved', [A.item]: 'phone' }),
    ).toBe((phone?.held ?? 0) + (phone?.sold ?? 0) + cancelled);
    expect(
      total(metrics, M.purchaseUnits, { ...drop, [A.outcome]: 'reserved', [A.item]: 'case' }),
    ).toBe((cases?.held ?? 0) + (cases?.sold ?? 0));
    expect(total(metrics, M.purchaseUnits, { ...drop, [A.outcome]: 'reserved' })).toBe(
      stats.held + stats.sold + cancelled,
    );
    expect(
      total(metrics, M.purchaseUnits, { ...drop, [A.outcome]: 'rejected', [A.item]: 'phone' }),
    ).toBe(30);
    // one latency per purchase; the batch sizes of the script calls add up to the purchases
    expect(total(metrics, M.purchaseDuration, drop)).toBe(45);
    expect(total(metrics, M.purchaseBatchSize, drop, 'sum')).toBe(45);
    expect(total(metrics, M.purchaseBatchSize, drop)).toBeGreaterThanOrEqual(1);
    expect(
      total(metrics, M.transitions, {
        ...drop,
        [A.operation]: 'confirm',
        [A.outcome]: 'changed',
        [A.state]: 'sold',
      }),
    ).toBe(stats.sold);
    expect(
      total(metrics, M.transitions, {
        ...drop,
        [A.operation]: 'confirm',
        [A.outcome]: 'unchanged',
      }),
    ).toBe(1);
    expect(total(metrics, M.transitionDuration, drop)).toBe(6);
    // deliveries: the worker's own count, nothing failed, caught up
    expect(total(metrics, M.outboxDelivered, drop)).toBe(worker.stats().written);
    expect(worker.stats().written).toBe(20);
    expect(total(metrics, M.outboxFailedWrites, drop)).toBe(0);
    expect(total(metrics, M.outboxHeld, drop)).toBe(0);
  });

  it('records expired holds and how late the sweeper released them, by the records', async () => {
    const meter = instrumented();
    const sale = new FlashSale({ redis, saleId: 'otel-late', keyPrefix: prefix });
    await sale.preload({ stock: 5, perUserLimit: 2, holdMs: 50 });
    const holds = [
      held(await sale.tryPurchase('a', { quantity: 2 })),
      held(await sale.tryPurchase('b')),
    ];
    for (const hold of holds) await pastDeadline(sale, hold, 1);
    expect(await new ExpirySweeper({ sales: [sale] }).sweep()).toBe(2);

    const metrics = await meter.collect();
    const late = { [A.sale]: 'otel-late' };
    expect(total(metrics, M.expiredHolds, late)).toBe(2);
    expect(total(metrics, M.expiredUnits, late)).toBe(3);
    let delays = 0;
    for (const hold of holds)
      delays += ((await sale.reservation(hold.id))?.endedAtMs ?? 0) - hold.deadlineMs;
    expect(total(metrics, M.sweeperDelay, late)).toBe(2);
    expect(total(metrics, M.sweeperDelay, late, 'sum')).toBe(delays);
  });

  it('counts locks acquired, extended, released and lost (by reason)', async () => {
    const meter = instrumented();
    const lock = new RedisLock({ redis, keyPrefix: `${prefix}lock:` });
    const first = await lock.tryAcquire('job', { ttlMs: 60_000 });
    if (!first.acquired) throw new Error('expected the lock');
    await first.lock.extend();
    await first.lock.release();
    const second = await lock.tryAcquire('job', { ttlMs: 60_000 });
    if (!second.acquired) throw new Error('expected the lock');
    await redis.del(`${prefix}lock:{job}`);
    await second.lock.extend();
    await second.lock.extend();

    const metrics = await meter.collect();
    expect(total(metrics, M.lockAcquired)).toBe(2);
    expect(total(metrics, M.lockExtended)).toBe(1);
    expect(total(metrics, M.lockReleased)).toBe(1);
    expect(total(metrics, M.lockLost, { [A.lockReason]: 'not-held' })).toBe(1);
    expect(total(metrics, M.lockLost)).toBe(1);
  });

  it('leaves the item out when asked, and stops recording once disposed of', async () => {
    const meter = testMeter();
    cleanups.push(async () => meter.shutdown());
    const stop = instrumentFlashSale({ meterProvider: meter.meterProvider, itemAttribute: false });
    const sale = new FlashSale({ redis, saleId: 'otel-stop', keyPrefix: prefix });
    await sale.preload({ stock: 5, holdMs: 60_000 });
    await sale.tryPurchase('a');
    stop();
    stop(); // twice: harmless
    for (const name of Object.values(DIAGNOSTIC_CHANNELS)) expect(hasSubscribers(name)).toBe(false);
    await sale.tryPurchase('b');

    const metrics = await meter.collect();
    const units = (metrics.get(M.purchaseUnits) ?? []).filter(
      (point) => point.attributes[A.sale] === 'otel-stop',
    );
    expect(units).toEqual([
      { attributes: { [A.sale]: 'otel-stop', [A.outcome]: 'reserved' }, value: 1, sum: 0 },
    ]);
    expect(total(metrics, M.purchases, { [A.sale]: 'otel-stop' })).toBe(1);
    expect((await sale.stats()).held).toBe(2);
  });

  it('records on the global meter provider when given none', async () => {
    const meter = testMeter();
    cleanups.push(
      async () => meter.shutdown(),
      () => {
        metrics.disable();
      },
    );
    expect(metrics.setGlobalMeterProvider(meter.meterProvider)).toBe(true);
    cleanups.push(instrumentFlashSale());
    const sale = new FlashSale({ redis, saleId: 'otel-global', keyPrefix: prefix });
    await sale.preload({ stock: 1, holdMs: 60_000 });
    await Promise.all([sale.tryPurchase('a'), sale.tryPurchase('b')]);
    const recorded = await meter.collect();
    const global = { [A.sale]: 'otel-global' };
    expect(total(recorded, M.purchases, { ...global, [A.outcome]: 'reserved' })).toBe(1);
    expect(total(recorded, M.purchases, { ...global, [A.reason]: 'sold_out' })).toBe(1);
  });

  it('refuses bad options by name', () => {
    expect(() => instrumentFlashSale({ meterProvider: {} as never })).toThrow(
      /meterProvider must be a MeterProvider/,
    );
    expect(() => instrumentFlashSale({ itemAttribute: 'yes' as never })).toThrow(/itemAttribute/);
    expect(() => instrumentFlashSale({ meter: 1 } as never)).toThrow(/meter/);
    for (const name of Object.values(DIAGNOSTIC_CHANNELS)) expect(hasSubscribers(name)).toBe(false);
  });
});
