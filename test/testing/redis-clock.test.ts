/**
 * The in-memory backend's clock. ioredis-mock's own TIME rounds the seconds and
 * appends unrelated hrtime digits (up to 1.5 s off, jumping back and forth),
 * which made the demo refuse most payments of a 2 s hold as late. These tests
 * hold the fixed clock to exact bounds read from the same source.
 */
import { describe, expect, it } from 'vitest';
import { FlashSale, isReservationReleasedError } from '../../src/index.js';
import { createInMemoryRedis } from '../../src/testing/index.js';
import { manualClock } from './manual-clock.js';

/** Runs `call` and returns its answer with Date.now() read just before and just after. */
async function bracketed<T>(
  call: () => Promise<T>,
): Promise<{ before: number; value: T; after: number }> {
  const before = Date.now();
  const value = await call();
  return { before, value, after: Date.now() };
}

describe('the in-memory clock', () => {
  it("is the process's clock to the millisecond, and never goes back", async () => {
    const sale = new FlashSale({ redis: createInMemoryRedis(), saleId: 'clock' });
    await sale.preload({ stock: 1 });
    let previous = 0;
    for (let i = 0; i < 300; i++) {
      const { before, value, after } = await bracketed(() => sale.stats());
      expect(value.nowMs).toBeGreaterThanOrEqual(before);
      expect(value.nowMs).toBeLessThanOrEqual(after);
      expect(value.nowMs).toBeGreaterThanOrEqual(previous);
      previous = value.nowMs;
    }
  });

  it('dates a hold by the time of the purchase, and its deadline holdMs later', async () => {
    const sale = new FlashSale({ redis: createInMemoryRedis(), saleId: 'clock' });
    await sale.preload({ stock: 100, perUserLimit: 100, holdMs: 2000 });
    for (let i = 0; i < 50; i++) {
      const { before, value, after } = await bracketed(() => sale.tryPurchase('u'));
      if (!value.ok) throw new Error(value.reason);
      expect(value.reservation.createdAtMs).toBeGreaterThanOrEqual(before);
      expect(value.reservation.createdAtMs).toBeLessThanOrEqual(after);
      expect(value.reservation.deadlineMs).toBe(value.reservation.createdAtMs + 2000);
    }
  });

  it('decides a payment against the deadline by the clock the caller can read', async () => {
    // The demo's case: a 2 s hold paid 1.5 s later. Each outcome must agree with
    // Date.now() read around the confirm: accepted only if it started before the
    // deadline, refused only if it ended at or after it.
    const sale = new FlashSale({ redis: createInMemoryRedis(), saleId: 'clock' });
    await sale.preload({ stock: 20, perUserLimit: 20, holdMs: 2000 });
    const holds = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const result = await sale.tryPurchase('u');
        if (!result.ok) throw new Error(result.reason);
        return result.reservation;
      }),
    );
    const payAt = holds[0] === undefined ? 0 : holds[0].createdAtMs + 1500;
    while (Date.now() < payAt)
      await new Promise((resolve) => setTimeout(resolve, payAt - Date.now()));
    const outcomes = await Promise.all(
      holds.map(async (hold) => {
        const before = Date.now();
        const accepted = await sale.confirm(hold.id).then(
          () => true,
          (error: unknown) => {
            if (isReservationReleasedError(error)) return false;
            throw error;
          },
        );
        return { accepted, before, after: Date.now(), deadlineMs: hold.deadlineMs };
      }),
    );
    for (const { accepted, before, after, deadlineMs } of outcomes) {
      if (accepted) expect(before).toBeLessThan(deadlineMs);
      else expect(after).toBeGreaterThanOrEqual(deadlineMs);
    }
  });

  it('lets a test move Redis time by hand: a payment one millisecond early is taken, one on the deadline refused', async () => {
    const clock = manualClock();
    const sale = new FlashSale({ redis: createInMemoryRedis({ now: clock.now }), saleId: 'clock' });
    await sale.preload({ stock: 2, perUserLimit: 2, holdMs: 60_000 });
    const early = await sale.tryPurchase('u');
    const late = await sale.tryPurchase('u');
    if (!early.ok || !late.ok) throw new Error('expected two holds');
    expect(early.reservation.createdAtMs).toBe(clock.now());
    clock.advance(60_000 - 1);
    expect((await sale.confirm(early.reservation.id)).state).toBe('sold');
    clock.advance(1);
    await expect(sale.confirm(late.reservation.id)).rejects.toMatchObject({
      name: 'ReservationReleasedError',
      reason: 'expired',
    });
    expect(await sale.stats()).toMatchObject({ sold: 1, held: 0, available: 1 });
  });

  it('never goes back, even when the clock it reads does', async () => {
    const clock = manualClock();
    const sale = new FlashSale({ redis: createInMemoryRedis({ now: clock.now }), saleId: 'clock' });
    await sale.preload({ stock: 1 });
    const first = (await sale.stats()).nowMs;
    clock.advance(-5000);
    expect((await sale.stats()).nowMs).toBe(first);
    clock.advance(5001);
    expect((await sale.stats()).nowMs).toBe(first + 1);
  });

  it('answers TIME in scripts run directly, in pipelines and in MULTI, leaving ARGV as sent', async () => {
    const clock = manualClock(4_000_000_000_123);
    const redis = createInMemoryRedis({ now: clock.now });
    redis.defineCommand('timeAndArgs', {
      numberOfKeys: 1,
      lua: "local t = redis.call('TIME'); return { t[1], t[2], KEYS[1], unpack(ARGV) }",
    });
    const run = (redis as unknown as Record<string, (...args: string[]) => Promise<unknown>>)[
      'timeAndArgs'
    ];
    expect(await run?.call(redis, 'k', 'a', 'b')).toEqual(['4000000000', '123000', 'k', 'a', 'b']);
    clock.advance(1);
    type Batch = Record<string, (...args: string[]) => unknown> & { exec(): Promise<unknown> };
    const pipeline = redis.pipeline() as unknown as Batch;
    pipeline['timeAndArgs']?.('k', 'x');
    expect(await pipeline.exec()).toEqual([[null, ['4000000000', '124000', 'k', 'x']]]);
    clock.advance(1);
    const multi = redis.multi() as unknown as Batch;
    multi['timeAndArgs']?.('k');
    expect(await multi.exec()).toEqual([[null, ['4000000000', '125000', 'k']]]);
    expect(await redis.time()).toEqual(['4000000000', '125000']);
  });
});

describe('createInMemoryRedis', () => {
  it('gives each call a dataset of its own, and shares it with duplicates', async () => {
    const a = createInMemoryRedis();
    const b = createInMemoryRedis();
    await a.set('k', 'a');
    expect(await b.get('k')).toBeNull();
    const copy = a.duplicate();
    expect(await copy.get('k')).toBe('a');
    copy.disconnect();
  });

  it('refuses options that are not an object and a clock that is not a function', () => {
    expect(() => createInMemoryRedis(null as never)).toThrow(
      expect.objectContaining({ name: 'InvalidArgumentError', argument: 'options' }) as Error,
    );
    expect(() => createInMemoryRedis({ now: 5 as never })).toThrow(
      'now must be a function; got 5 (number)',
    );
  });
});
