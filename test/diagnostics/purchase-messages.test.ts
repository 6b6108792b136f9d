/**
 * The purchase channel on a real Redis: one message per decision, with its
 * outcome, lines, batch and latency, and nothing at all (no clock read) while
 * nobody listens.
 */
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  DIAGNOSTIC_CHANNELS,
  FlashSale,
  type PurchaseMessage,
  type PurchaseMessageReason,
  type PurchaseRejectionReason,
  type PurchaseResult,
} from '../../src/index.js';
import { redisClient, uniquePrefix, unreachableClient } from '../harness/clients.js';
import { capture, type Capture } from './capture.js';

const redis = redisClient();
const prefix = uniquePrefix('diag-purchase');
let purchases: Capture<PurchaseMessage> | undefined;

afterEach(async () => {
  purchases?.stop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
});

function openSale(saleId: string): FlashSale {
  return new FlashSale({ redis, saleId, keyPrefix: prefix });
}

describe('the purchase channel', () => {
  it('declares the same refusal reasons as PurchaseRejectionReason', () => {
    expectTypeOf<PurchaseMessageReason>().toEqualTypeOf<PurchaseRejectionReason>();
  });

  it('publishes each decision of a batch: outcome, reason, lines, reservation, batch size and place', async () => {
    const sale = openSale('batch');
    await sale.preload({
      items: [
        { id: 'phone', stock: 2, perUserLimit: 1 },
        { id: 'case', stock: 5, perUserLimit: 2 },
      ],
      holdMs: 60_000,
    });
    purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
    // one event-loop turn: the six calls are decided by one script call, in this order
    // (each refusal is the only one its request could get, whichever check runs first)
    const results = await Promise.all([
      sale.tryPurchase('alice', { item: 'phone', idempotencyKey: 'a1' }),
      sale.tryPurchase('alice', { item: 'phone', idempotencyKey: 'a2' }),
      sale.tryPurchaseCart('bob', {
        lines: [
          { item: 'phone', quantity: 1 },
          { item: 'case', quantity: 2 },
        ],
      }),
      sale.tryPurchase('carol', { item: 'phone' }),
      sale.tryPurchase('alice', { item: 'phone', idempotencyKey: 'a1' }),
      sale.tryPurchase('dave', { item: 'case', quantity: 3 }),
    ]);
    const [alice, , bob, , replay] = results;
    const idOf = (result: PurchaseResult | undefined): string | null =>
      result?.ok === true ? result.reservation.id : null;
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual([
      'ok',
      'limit_reached',
      'ok',
      'sold_out',
      'ok',
      'limit_reached',
    ]);

    const messages = purchases.of('batch');
    expect(messages).toHaveLength(6);
    const common = { saleId: 'batch', batchSize: 6, error: null, latencyMs: 0 };
    expect(messages.map((message) => ({ ...message, latencyMs: 0 }))).toEqual([
      {
        ...common,
        userId: 'alice',
        outcome: 'reserved',
        reason: null,
        refusedItem: null,
        lines: [{ item: 'phone', quantity: 1 }],
        quantity: 1,
        reservationId: idOf(alice),
        batchIndex: 0,
      },
      {
        ...common,
        userId: 'alice',
        outcome: 'rejected',
        reason: 'limit_reached',
        refusedItem: 'phone',
        lines: [{ item: 'phone', quantity: 1 }],
        quantity: 1,
        reservationId: null,
        batchIndex: 1,
      },
      {
        ...common,
        userId: 'bob',
        outcome: 'reserved',
        reason: null,
        refusedItem: null,
        lines: [
          { item: 'phone', quantity: 1 },
          { item: 'case', quantity: 2 },
        ],
        quantity: 3,
        reservationId: idOf(bob),
        batchIndex: 2,
      },
      {
        ...common,
        userId: 'carol',
        outcome: 'rejected',
        reason: 'sold_out',
        refusedItem: 'phone',
        lines: [{ item: 'phone', quantity: 1 }],
        quantity: 1,
        reservationId: null,
        batchIndex: 3,
      },
      {
        ...common,
        userId: 'alice',
        outcome: 'replayed',
        reason: null,
        refusedItem: null,
        lines: [{ item: 'phone', quantity: 1 }],
        quantity: 1,
        reservationId: idOf(replay),
        batchIndex: 4,
      },
      {
        ...common,
        userId: 'dave',
        outcome: 'rejected',
        reason: 'limit_reached',
        refusedItem: 'case',
        lines: [{ item: 'case', quantity: 3 }],
        quantity: 3,
        reservationId: null,
        batchIndex: 5,
      },
    ]);
    expect(idOf(replay)).toBe(idOf(alice));
    for (const { latencyMs } of messages) {
      expect(latencyMs).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(latencyMs)).toBe(true);
    }
  });

  it('splits a crowd into script calls of at most maxBatchSize and reports each call once', async () => {
    const sale = new FlashSale({ redis, saleId: 'crowd', keyPrefix: prefix, maxBatchSize: 8 });
    await sale.preload({ stock: 30, perUserLimit: 1, holdMs: 60_000 });
    purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
    await Promise.all(Array.from({ length: 50 }, (_, n) => sale.tryPurchase(`u${String(n)}`)));
    const messages = purchases.of('crowd');
    expect(messages).toHaveLength(50);
    // counted where batchIndex is 0: the script calls, and the purchases they decided
    const calls = messages.filter((message) => message.batchIndex === 0);
    expect(calls.map((call) => call.batchSize)).toEqual([8, 8, 8, 8, 8, 8, 2]);
    expect(messages.filter((message) => message.outcome === 'reserved')).toHaveLength(30);
    expect(messages.filter((message) => message.reason === 'sold_out')).toHaveLength(20);
    expect((await sale.stats()).held).toBe(30);
  });

  it("publishes rate_limited for an attempt over the sale's rate limit", async () => {
    const sale = openSale('rate');
    await sale.preload({
      stock: 10,
      perUserLimit: 10,
      rateLimit: { perUser: { attempts: 2, windowMs: 60_000 } },
    });
    purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
    await Promise.all([0, 1, 2].map(async () => sale.tryPurchase('bot')));
    expect(
      purchases
        .of('rate')
        .map(({ outcome, reason, refusedItem, batchIndex }) => [
          outcome,
          reason,
          refusedItem,
          batchIndex,
        ]),
    ).toEqual([
      ['reserved', null, null, 0],
      ['reserved', null, null, 1],
      ['rejected', 'rate_limited', null, 2],
    ]);
  });

  it('publishes busy and a forged token as decided in this process, batch size 0', async () => {
    const sale = new FlashSale({
      redis,
      saleId: 'local',
      keyPrefix: prefix,
      maxPendingPurchases: 1,
      purchaseTokenKey: 'k'.repeat(32),
    });
    await sale.preload({ stock: 10, perUserLimit: 10 });
    purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
    await Promise.all([
      sale.tryPurchase('first'),
      sale.tryPurchase('crowded'),
      sale.tryPurchase('forger', { purchaseToken: 'not-a-token' }),
    ]);
    expect(
      purchases
        .of('local')
        .map(({ userId, outcome, reason, batchSize }) => [userId, outcome, reason, batchSize]),
    ).toEqual([
      ['crowded', 'rejected', 'busy', 0],
      ['forger', 'rejected', 'invalid_token', 0],
      ['first', 'reserved', null, 1],
    ]);
  });

  it('publishes not_loaded, and an error by name for a purchase that rejects', async () => {
    const sale = openSale('errors');
    purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
    expect(await sale.tryPurchase('alice')).toMatchObject({ reason: 'not_loaded' });
    await sale.preload({ items: [{ id: 'phone', stock: 1 }], holdMs: 60_000 });
    await expect(sale.tryPurchase('alice', { item: 'tablet' })).rejects.toThrow(/tablet/);
    expect(
      purchases.of('errors').map(({ outcome, reason, error }) => [outcome, reason, error]),
    ).toEqual([
      ['rejected', 'not_loaded', null],
      ['error', null, 'UnknownItemError'],
    ]);
  });

  it('publishes every purchase of a script call that failed, as errors', async () => {
    const client = await unreachableClient();
    try {
      const sale = new FlashSale({ redis: client, saleId: 'down' });
      purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
      const answers = await Promise.allSettled([sale.tryPurchase('a'), sale.tryPurchase('b')]);
      expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
      expect(
        purchases
          .of('down')
          .map(({ outcome, error, batchSize, batchIndex }) => [
            outcome,
            error,
            batchSize,
            batchIndex,
          ]),
      ).toEqual([
        ['error', 'RedisUnavailableError', 2, 0],
        ['error', 'RedisUnavailableError', 2, 1],
      ]);
    } finally {
      client.disconnect();
    }
  });

  it('builds nothing and reads no clock while nobody listens', async () => {
    const sale = openSale('quiet');
    await sale.preload({ stock: 5, holdMs: 60_000 });
    const clock = vi.spyOn(performance, 'now');
    try {
      const results = await Promise.all([sale.tryPurchase('a'), sale.tryPurchase('b')]);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(clock).not.toHaveBeenCalled();
      // the same calls, observed, read the clock (the spy sees the library's reads)
      purchases = capture<PurchaseMessage>(DIAGNOSTIC_CHANNELS.purchase);
      await sale.tryPurchase('c');
      expect(clock).toHaveBeenCalled();
      expect(purchases.of('quiet')).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
  });
});
