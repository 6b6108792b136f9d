/** Bad options of the order pipeline's classes: typed errors naming the value, before any I/O. */
import RedisMock from 'ioredis-mock';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ExpirySweeper,
  FlashSale,
  InRequestOrders,
  InvalidArgumentError,
  isRedisUnavailableError,
  MAX_RELEASES_PER_CALL,
  OutboxWorker,
  QueuedOrders,
  readDeadLetters,
  removeDeadLetters,
} from '../../../src/index.js';
import { unreachableClient } from '../../harness/clients.js';

const redis = new RedisMock();
const sale = new FlashSale({ redis, saleId: 'drop' });
afterAll(() => {
  redis.disconnect();
});
const sink = { write: async () => Promise.resolve() };

const cases: [string, () => unknown, string][] = [
  ['worker without options', () => new OutboxWorker(undefined as never), 'options'],
  [
    'worker with a sale that is not a FlashSale',
    () => new OutboxWorker({ sale: {} as never, sink }),
    'sale.saleId',
  ],
  ['worker without a sink', () => new OutboxWorker({ sale, sink: {} as never }), 'sink'],
  [
    'worker with maxEventsPerWrite 0',
    () => new OutboxWorker({ sale, sink, maxEventsPerWrite: 0 }),
    'maxEventsPerWrite',
  ],
  ['worker with an empty group', () => new OutboxWorker({ sale, sink, group: '' }), 'group'],
  [
    'worker with a fractional reclaimIdleMs',
    () => new OutboxWorker({ sale, sink, reclaimIdleMs: 1.5 }),
    'reclaimIdleMs',
  ],
  [
    'worker with maxRetryDelayMs below retryDelayMs',
    () => new OutboxWorker({ sale, sink, retryDelayMs: 100, maxRetryDelayMs: 50 }),
    'maxRetryDelayMs',
  ],
  [
    'worker with onError that is not a function',
    () => new OutboxWorker({ sale, sink, onError: 'log' as never }),
    'onError',
  ],
  ['in-request without a sink', () => new InRequestOrders({ sale, sink: null as never }), 'sink'],
  [
    'in-request with writeTimeoutMs 0',
    () => new InRequestOrders({ sale, sink, writeTimeoutMs: 0 }),
    'writeTimeoutMs',
  ],
  [
    'queued orders of a plain object',
    () => new QueuedOrders({ sale: { saleId: 'drop' } as never }),
    'sale.redis',
  ],
  [
    'queued orders given the sale itself (the old shape)',
    () => new QueuedOrders(sale as never),
    'options',
  ],
  ['queued orders without options', () => new QueuedOrders(null as never), 'options'],
  [
    'queued orders with a null group',
    () => new QueuedOrders({ sale, group: null as never }),
    'group',
  ],
  [
    'worker with a typo',
    () => new OutboxWorker({ sale, sink, batchSize: 5 } as never),
    'batchSize',
  ],
  [
    'worker with a null option',
    () => new OutboxWorker({ sale, sink, maxAttempts: null as never }),
    'maxAttempts',
  ],
  [
    'sweeper with the old batch name',
    () => new ExpirySweeper({ sales: [sale], maxBatchSize: 5 } as never),
    'maxBatchSize',
  ],
  [
    'sweeper with more releases per call than expire allows',
    () => new ExpirySweeper({ sales: [sale], maxReleasesPerCall: MAX_RELEASES_PER_CALL + 1 }),
    'maxReleasesPerCall',
  ],
  [
    'sweeper with onError that is not a function',
    () => new ExpirySweeper({ sales: [sale], onError: 'log' as never }),
    'onError',
  ],
  [
    'sweeper with a lock that is not one',
    () => new ExpirySweeper({ sales: [sale], lock: {} as never }),
    'lock',
  ],
  ['sweeper without sales', () => new ExpirySweeper({ sales: sale as never }), 'sales'],
  [
    'sweeper with a foreign sale',
    () => new ExpirySweeper({ sales: [sale, {} as never] }),
    'sales[1].saleId',
  ],
  [
    'sweeper with intervalMs 0',
    () => new ExpirySweeper({ sales: [sale], intervalMs: 0 }),
    'intervalMs',
  ],
  [
    'sweeper with a lease no longer than its interval',
    () => new ExpirySweeper({ sales: [sale], intervalMs: 500, leaseMs: 500 }),
    'leaseMs',
  ],
];

describe('order pipeline options', () => {
  it.each(cases)('%s: InvalidArgumentError naming %s', (_name, make, argument) => {
    let thrown: unknown;
    try {
      make();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect((thrown as InvalidArgumentError).argument).toBe(argument);
  });

  // on a client that fails every command at once: a question that reached Redis
  // would reject with RedisUnavailableError, not name the bad argument
  it('reject bad dead-letter ids before Redis is asked', async () => {
    const offline = await unreachableClient();
    const offlineSale = new FlashSale({ redis: offline, saleId: 'drop' });
    try {
      await expect(readDeadLetters(offlineSale, { after: 'x' })).rejects.toMatchObject({
        argument: 'after',
      });
      await expect(removeDeadLetters(offlineSale, ['1-1', '*'])).rejects.toMatchObject({
        argument: 'ids',
      });
      await expect(readDeadLetters(offlineSale, { count: 0 })).rejects.toMatchObject({
        argument: 'count',
      });
      // null options used to throw bare TypeErrors
      await expect(readDeadLetters(offlineSale, null as never)).rejects.toMatchObject({
        argument: 'options',
      });
      await expect(removeDeadLetters(offlineSale, ['1-1'], null as never)).rejects.toMatchObject({
        argument: 'options',
      });
      await expect(readDeadLetters(offlineSale, { count: null as never })).rejects.toMatchObject({
        argument: 'count',
      });
      // the control: a good question does reach the (unreachable) server
      await expect(readDeadLetters(offlineSale)).rejects.toSatisfy(isRedisUnavailableError);
    } finally {
      offline.disconnect();
    }
  });

  it('reject an order status query for another sale’s reservation before Redis is asked', async () => {
    const offline = await unreachableClient();
    try {
      const orders = new QueuedOrders({ sale: new FlashSale({ redis: offline, saleId: 'drop' }) });
      await expect(orders.status('other:1')).rejects.toMatchObject({
        argument: 'reservationId',
      });
    } finally {
      offline.disconnect();
    }
  });
});
