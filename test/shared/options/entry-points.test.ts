/**
 * Every public entry point that takes options refuses, before anything reaches
 * Redis, a non-object options argument, an unknown key, and a `null` or wrongly
 * typed value for each of its options (generated from its spec, so a new option
 * is covered the day it is declared). Runs on a client that cannot reach Redis:
 * a check that came after a Redis call would surface as RedisUnavailableError.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExpirySweeper,
  FlashSale,
  InRequestOrders,
  isInvalidArgumentError,
  isRedisUnavailableError,
  OutboxWorker,
  OutboxWorkerPool,
  QueuedOrders,
  readDeadLetters,
  reconcileSale,
  recoverSale,
  removeDeadLetters,
} from '../../../src/index.js';
import { RedisLock } from '../../../src/lock/index.js';
import { MultiRedisLock } from '../../../src/redlock/index.js';
import { instrumentFlashSale } from '../../../src/otel/index.js';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { NatsJetStreamSink } from '../../../src/brokers/nats/index.js';
import { RabbitMqSink } from '../../../src/brokers/rabbitmq/index.js';
import { unreachableClient } from '../../harness/clients.js';
import { fieldsOfSpec, SPECS, type AnySpec } from './all-specs.js';

let offline: Redis;
let sale: FlashSale;
let lock: RedisLock;
beforeAll(async () => {
  offline = await unreachableClient();
  sale = new FlashSale({ redis: offline, saleId: 'drop' });
  lock = new RedisLock({ redis: offline });
});
afterAll(() => {
  offline.disconnect();
});

const sink = { write: async () => Promise.resolve() };

/** An order store with no orders. */
async function* noOrders(): AsyncIterable<never> {
  await Promise.resolve();
  yield* [];
}

interface EntryPoint {
  /** The options interface, as in {@link SPECS}. */
  readonly options: string;
  /** Options that pass every check. */
  readonly valid: () => Record<string, unknown>;
  /** Calls the entry point with `options`; a promise for the async ones. */
  readonly call: (options: unknown) => unknown;
  /** With valid options: true when the call got as far as Redis (the control). */
  readonly reachesRedis: boolean;
}

const ENTRY_POINTS: Record<string, EntryPoint> = {
  'new RedisLock': {
    options: 'RedisLockOptions',
    valid: () => ({ redis: offline }),
    call: (options) => new RedisLock(options as never),
    reachesRedis: false,
  },
  'new MultiRedisLock': {
    options: 'MultiRedisLockOptions',
    valid: () => ({ servers: [offline] }),
    call: (options) => new MultiRedisLock(options as never),
    reachesRedis: false,
  },
  'RedisLock.tryAcquire': {
    options: 'TryAcquireOptions',
    valid: () => ({}),
    call: (options) => lock.tryAcquire('k', options as never),
    reachesRedis: true,
  },
  'RedisLock.acquire': {
    options: 'AcquireOptions',
    valid: () => ({ waitMs: 0 }),
    call: (options) => lock.acquire('k', options as never),
    reachesRedis: true,
  },
  'RedisLock.withLock': {
    options: 'WithLockOptions',
    valid: () => ({ waitMs: 0 }),
    call: (options) => lock.withLock('k', () => 1, options as never),
    reachesRedis: true,
  },
  'new OutboxWorker': {
    options: 'OutboxWorkerOptions',
    valid: () => ({ sale, sink }),
    call: (options) => new OutboxWorker(options as never),
    reachesRedis: false,
  },
  'new OutboxWorkerPool': {
    options: 'OutboxWorkerPoolOptions',
    valid: () => ({ sink, sales: [sale] }),
    call: (options) => new OutboxWorkerPool(options as never),
    reachesRedis: false,
  },
  'new ExpirySweeper': {
    options: 'ExpirySweeperOptions',
    valid: () => ({ sales: [sale] }),
    call: (options) => new ExpirySweeper(options as never),
    reachesRedis: false,
  },
  'new InRequestOrders': {
    options: 'InRequestOrdersOptions',
    valid: () => ({ sale, sink }),
    call: (options) => new InRequestOrders(options as never),
    reachesRedis: false,
  },
  'new QueuedOrders': {
    options: 'QueuedOrdersOptions',
    valid: () => ({ sale }),
    call: (options) => new QueuedOrders(options as never),
    reachesRedis: false,
  },
  readDeadLetters: {
    options: 'ReadDeadLettersOptions',
    valid: () => ({}),
    call: (options) => readDeadLetters(sale, options as never),
    reachesRedis: true,
  },
  'FlashSale.heldReservations': {
    options: 'HeldReservationsOptions',
    valid: () => ({}),
    call: (options) => sale.heldReservations(options as never),
    reachesRedis: true,
  },
  'FlashSale.issuePurchaseToken': {
    options: 'PurchaseTokenOptions',
    valid: () => ({}),
    call: (options) =>
      new FlashSale({
        redis: sale.redis,
        saleId: 'drop',
        purchaseTokenKey: 'k'.repeat(32),
      }).issuePurchaseToken('u', options as never),
    reachesRedis: true,
  },
  'FlashSale.itemIds': {
    options: 'ItemIdsOptions',
    valid: () => ({}),
    call: (options) => sale.itemIds(options as never),
    reachesRedis: true,
  },
  instrumentFlashSale: {
    options: 'InstrumentFlashSaleOptions',
    valid: () => ({ meterProvider: new MeterProvider() }),
    // unsubscribes at once: nothing else in this file should be measured
    call: (options) => {
      instrumentFlashSale(options as never)();
    },
    reachesRedis: false,
  },
  // both connect on their first write, so a valid constructor call reaches no broker
  'new RabbitMqSink': {
    options: 'RabbitMqSinkOptions',
    valid: () => ({ url: 'amqp://guest:guest@127.0.0.1:1' }),
    call: (options) => new RabbitMqSink(options as never),
    reachesRedis: false,
  },
  'new NatsJetStreamSink': {
    options: 'NatsJetStreamSinkOptions',
    valid: () => ({ servers: '127.0.0.1:1' }),
    call: (options) => new NatsJetStreamSink(options as never),
    reachesRedis: false,
  },
  removeDeadLetters: {
    options: 'DeadLetterOptions',
    valid: () => ({}),
    call: (options) => removeDeadLetters(sale, ['1-1'], options as never),
    reachesRedis: true,
  },
  recoverSale: {
    options: 'RecoverOptions',
    valid: () => ({ catalog: { stock: 5, perUserLimit: 1 } }),
    call: (options) => recoverSale(sale, { exportOrders: noOrders }, options as never),
    reachesRedis: true,
  },
  reconcileSale: {
    options: 'ReconcileOptions',
    valid: () => ({}),
    call: (options) =>
      reconcileSale(
        sale,
        { ...sink, lookup: async () => Promise.resolve(new Map()) },
        options as never,
      ),
    reachesRedis: true,
  },
};

/** What `call` threw or rejected with; `undefined` when it went through. */
async function outcome(call: () => unknown): Promise<unknown> {
  try {
    await call();
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Values no option of the package accepts. */
const WRONG_FOR_EVERY_OPTION: readonly unknown[] = [null, Symbol('wrong'), {}, Number.NaN];

/** Values that are not an options object. */
const NOT_OPTIONS: readonly unknown[] = [null, 0, 7, '', 'ttlMs=5', true, [], [{}], new Date(0)];

function specOf(entry: EntryPoint): AnySpec {
  const spec = SPECS.get(entry.options);
  if (spec === undefined) throw new Error(`no spec for ${entry.options}`);
  return spec;
}

describe.each(Object.entries(ENTRY_POINTS))('%s', (_name, entry) => {
  it('goes through with valid options (the control)', async () => {
    const error = await outcome(() => entry.call(entry.valid()));
    if (entry.reachesRedis) expect(isRedisUnavailableError(error)).toBe(true);
    else expect(error).toBeUndefined();
  });

  it('refuses options that are not a plain object', async () => {
    const optional = Object.values(fieldsOfSpec(specOf(entry))).every(
      (field) => field.presence !== 'required',
    );
    const refused = optional ? NOT_OPTIONS : [...NOT_OPTIONS, undefined];
    for (const options of refused) {
      const error = await outcome(() => entry.call(options));
      expect({ options, argument: isInvalidArgumentError(error) && error.argument }).toEqual({
        options,
        argument: 'options',
      });
    }
  });

  it('refuses an unknown key, naming it', async () => {
    const error = await outcome(() => entry.call({ ...entry.valid(), bogusOption: 1 }));
    expect(isInvalidArgumentError(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'bogusOption', value: 1 });
  });

  it.each(Object.keys(fieldsOfSpec(specOf(entry))))(
    'refuses null and wrongly typed values of %s, quoting them',
    async (key) => {
      for (const value of WRONG_FOR_EVERY_OPTION) {
        const error = await outcome(() => entry.call({ ...entry.valid(), [key]: value }));
        // an object refused for one of its own fields (a sale reference's saleId) is
        // named down to that field: `sale.saleId`
        const nested =
          isInvalidArgumentError(error) &&
          typeof value === 'object' &&
          value !== null &&
          error.argument.startsWith(`${key}.`);
        const seen = isInvalidArgumentError(error)
          ? { argument: nested ? key : error.argument, value: nested ? value : error.value }
          : { error: String(error) };
        expect(seen).toEqual({ argument: key, value });
      }
    },
  );
});

it('covers every spec', () => {
  const covered = new Set(Object.values(ENTRY_POINTS).map((entry) => entry.options));
  expect([...SPECS.keys()].filter((name) => !covered.has(name))).toEqual(['LockOptions']);
});
