/**
 * Every public entry point the fuzz suites drive: its arguments (each an
 * {@link Input} arbitrary) and how to call it. The suites and the known-failure
 * replay share this one table, so a known failure is replayed exactly as found.
 */
import { fc } from '@fast-check/vitest';
import {
  ExpirySweeper,
  FlashSale,
  InRequestOrders,
  OutboxWorker,
  QueuedOrders,
  readDeadLetters,
  removeDeadLetters,
} from '../../src/index.js';
import { RedisLock } from '../../src/lock/index.js';
import type { FuzzContext } from './fuzz-context.js';
import { hostile, options, textId, valid, validMade, validOr, type Input } from './inputs.js';

/** Gives the context at call time (the arbitraries are built before it exists). */
export type ContextRef = () => FuzzContext;

/** One entry point. */
export interface Entry {
  /** Generated inputs per `npm test` run. */
  readonly runs: number;
  readonly args: (ctx: ContextRef) => readonly fc.Arbitrary<Input>[];
  /**
   * Prepares the sale the call acts on (whose numbers a refused call must leave
   * as they were); the context's sale when absent.
   */
  readonly prepare?: (ctx: FuzzContext, values: readonly unknown[]) => Promise<FlashSale>;
  readonly call: (ctx: FuzzContext, values: readonly unknown[], sale: FlashSale) => unknown;
}

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 22);

const sale = (ctx: ContextRef): fc.Arbitrary<Input> =>
  validOr(validMade('<the sale>', () => ctx().sale));
const sink = (ctx: ContextRef): fc.Arbitrary<Input> =>
  validOr(
    fc.oneof(
      validMade('<a no-op sink>', () => ctx().sink),
      validMade('<a sink that rejects>', () => ({
        write: async () => Promise.reject(new Error('sink down')),
      })),
    ),
  );
const client = (ctx: ContextRef): fc.Arbitrary<Input> =>
  validOr(validMade('<a Redis client>', () => ctx().client));
const userId = validOr(valid(textId));
const reservationId = (ctx: ContextRef): fc.Arbitrary<Input> =>
  validOr(
    fc.oneof(
      fc
        .nat({ max: 4 })
        .chain((index) => validMade(`<reservation ${String(index)}>`, () => ctx().ids[index])),
      valid(fc.constantFrom('fz:999999', 'other:1', 'fz:1:2')),
    ),
  );
const smallInt = (min: number, max: number): fc.Arbitrary<Input> =>
  validOr(valid(fc.integer({ min, max })));
const flag = validOr(valid(fc.boolean()));
const callback = validOr(validMade('() => undefined', () => () => undefined));
const text = validOr(valid(textId));

const purchaseOptions = options({
  quantity: smallInt(1, 3),
  idempotencyKey: text,
});

/** The table: entry name → how to fuzz it. */
export const ENTRIES: Readonly<Record<string, Entry>> = {
  'new FlashSale': {
    runs: 400,
    args: (ctx) => [
      options({
        redis: client(ctx),
        saleId: validOr(valid(fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/))),
        keyPrefix: validOr(validMade('<test prefix>', () => `${ctx().prefix}c:`)),
        commandTimeoutMs: smallInt(1, 600_000),
        maxBatchSize: smallInt(1, 1000),
      }),
    ],
    // A constructed sale must work or fail typed at its first call (stats: no writes).
    call: async (_ctx, [given]) => new FlashSale(given as never).stats(),
  },
  preload: {
    runs: 400,
    args: () => [
      options({
        stock: smallInt(0, 1000),
        perUserLimit: smallInt(1, 10),
        holdMs: smallInt(1, 30 * DAY_MS),
        startMs: validOr(valid(fc.integer({ min: NOW - DAY_MS, max: NOW + DAY_MS }))),
        endMs: validOr(valid(fc.integer({ min: NOW, max: NOW + 2 * DAY_MS }))),
        retainMs: smallInt(0, DAY_MS),
        outbox: flag,
        force: flag,
      }),
      valid(fc.constantFrom('fresh', 'loaded')),
    ],
    prepare: async (ctx, [, state]) => {
      const target = new FlashSale({
        redis: ctx.client,
        saleId: ctx.freshSaleId(),
        keyPrefix: ctx.prefix,
      });
      if (state === 'loaded') await target.preload({ stock: 10, perUserLimit: 2 });
      return target;
    },
    call: async (_ctx, [given], target) => target.preload(given as never),
  },
  tryPurchase: {
    runs: 600,
    args: () => [userId, purchaseOptions],
    call: async (ctx, [user, given]) => ctx.sale.tryPurchase(user as never, given as never),
  },
  confirm: {
    runs: 300,
    args: (ctx) => [reservationId(ctx)],
    call: async (ctx, [id]) => ctx.sale.confirm(id as never),
  },
  cancel: {
    runs: 300,
    args: (ctx) => [
      reservationId(ctx),
      options({ reason: validOr(valid(fc.constantFrom('cancelled', 'failed'))) }),
    ],
    call: async (ctx, [id, given]) => ctx.sale.cancel(id as never, given as never),
  },
  expire: {
    runs: 300,
    args: () => [options({ maxBatchSize: smallInt(1, 2000) })],
    call: async (ctx, [given]) => ctx.sale.expire(given as never),
  },
  restock: {
    runs: 300,
    args: () => [smallInt(-20, 50)],
    call: async (ctx, [delta]) => ctx.sale.restock(delta as never),
  },
  stats: {
    runs: 100,
    args: () => [hostile],
    call: async (ctx, [extra]) => (ctx.sale.stats as (x: unknown) => Promise<unknown>)(extra),
  },
  userStatus: {
    runs: 300,
    args: () => [userId],
    call: async (ctx, [user]) => ctx.sale.userStatus(user as never),
  },
  reservation: {
    runs: 200,
    args: (ctx) => [reservationId(ctx)],
    call: async (ctx, [id]) => ctx.sale.reservation(id as never),
  },
  'new OutboxWorker': {
    runs: 400,
    args: (ctx) => [
      options({
        sale: sale(ctx),
        sink: sink(ctx),
        group: text,
        consumer: text,
        maxEventsPerWrite: smallInt(1, 1000),
        blockMs: smallInt(1, 10_000),
        reclaimIdleMs: smallInt(1000, 600_000),
        maxAttempts: smallInt(1, 100),
        retryDelayMs: smallInt(1, 1000),
        maxRetryDelayMs: smallInt(1000, 60_000),
        writeTimeoutMs: smallInt(1, 60_000),
        stopTimeoutMs: smallInt(1, 60_000),
        trimIntervalMs: smallInt(1000, 600_000),
        maxHeldEvents: smallInt(1, 100_000),
        onError: callback,
      }),
    ],
    // Constructing does no I/O; start() is the soak's business.
    call: (_ctx, [given]) => new OutboxWorker(given as never).stats(),
  },
  'new InRequestOrders + purchase': {
    runs: 300,
    args: (ctx) => [
      options({ sale: sale(ctx), sink: sink(ctx), writeTimeoutMs: smallInt(1, 60_000) }),
      userId,
      purchaseOptions,
    ],
    call: async (_ctx, [given, user, purchase]) =>
      new InRequestOrders(given as never).purchase(user as never, purchase as never),
  },
  'new QueuedOrders + purchase': {
    runs: 200,
    args: (ctx) => [options({ sale: sale(ctx), group: text }), userId, purchaseOptions],
    call: async (_ctx, [given, user, purchase]) =>
      new QueuedOrders(given as never).purchase(user as never, purchase as never),
  },
  'new QueuedOrders + status': {
    runs: 200,
    args: (ctx) => [options({ sale: sale(ctx), group: text }), reservationId(ctx)],
    call: async (_ctx, [given, id]) => new QueuedOrders(given as never).status(id as never),
  },
  readDeadLetters: {
    runs: 300,
    args: (ctx) => [
      sale(ctx),
      options({
        group: text,
        count: smallInt(1, 1000),
        after: validOr(valid(fc.constantFrom('0-0', '1-1', '1700000000000-0'))),
      }),
    ],
    call: async (_ctx, [target, given]) => readDeadLetters(target as never, given as never),
  },
  removeDeadLetters: {
    runs: 300,
    args: (ctx) => [
      sale(ctx),
      validOr(
        fc
          .array(validOr(valid(fc.constantFrom('0-1', '1-1', '1700000000000-0'))), {
            maxLength: 3,
          })
          .map((items) => ({
            label: `[${items.map((item) => item.label).join(', ')}]`,
            make: () => items.map((item) => item.make()),
            mustRefuse: false,
            [fc.toStringMethod]: () => `[${items.map((item) => item.label).join(', ')}]`,
          })),
      ),
      options({ group: text }),
    ],
    call: async (_ctx, [target, ids, given]) =>
      removeDeadLetters(target as never, ids as never, given as never),
  },
  'new ExpirySweeper + sweep': {
    runs: 300,
    args: (ctx) => [
      options({
        sales: validOr(
          fc.oneof(
            validMade('[<the sale>]', () => [ctx().sale]),
            validMade('[]', () => []),
            hostile.map((item) => ({
              ...item,
              label: `[<the sale>, ${item.label}]`,
              make: () => [ctx().sale, item.make()],
            })),
          ),
        ),
        intervalMs: smallInt(1, 60_000),
        maxReleasesPerCall: smallInt(1, 10_000),
        lock: validOr(
          validMade(
            '<a RedisLock>',
            () => new RedisLock({ redis: ctx().client, keyPrefix: `${ctx().prefix}lock:` }),
          ),
        ),
        leaseMs: smallInt(2, 600_000),
        onError: callback,
      }),
    ],
    call: async (_ctx, [given]) => new ExpirySweeper(given as never).sweep(),
  },
  'new RedisLock + tryAcquire': {
    runs: 400,
    args: (ctx) => [
      options({
        redis: client(ctx),
        keyPrefix: validOr(validMade('<test prefix>', () => `${ctx().prefix}lock:`)),
        ttlMs: smallInt(1000, 600_000),
        waitMs: smallInt(0, 50),
        retryDelayMs: smallInt(1, 50),
        maxRetryDelayMs: smallInt(50, 100),
        driftFactor: validOr(valid(fc.double({ min: 0, max: 0.1, noNaN: true }))),
        minValidityMs: smallInt(0, 100),
        commandTimeoutMs: smallInt(100, 10_000),
      }),
      text,
      options({ ttlMs: smallInt(1000, 600_000) }),
    ],
    call: async (_ctx, [given, key, acquire]) => {
      const result = await new RedisLock(given as never).tryAcquire(key as never, acquire as never);
      if (result.acquired) await result.lock.release();
      return result;
    },
  },
  'RedisLock.acquire': {
    runs: 300,
    args: (ctx) => [
      // the receiver is not fuzzed: only what a caller passes to acquire
      validMade(
        '<a RedisLock>',
        () => new RedisLock({ redis: ctx().client, keyPrefix: `${ctx().prefix}lock:` }),
      ),
      text,
      options({
        ttlMs: smallInt(1000, 600_000),
        waitMs: smallInt(0, 50),
        signal: validOr(validMade('<an AbortSignal>', () => new AbortController().signal)),
      }),
    ],
    call: async (_ctx, [lock, key, given]) => {
      const result = await (lock as RedisLock).acquire(key as never, given as never);
      if (result.acquired) await result.lock.release();
      return result;
    },
  },
};
