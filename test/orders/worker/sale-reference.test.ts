/**
 * The pipeline reaches a sale through plain data (a SaleReference): a plain
 * object, and a FlashSale made by the CommonJS build, work with this (ESM)
 * build's worker, sweeper, dead letters and order modes; a bad reference is
 * refused, naming its bad field, before anything is written.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as esm from '../../../src/index.js';
import {
  ExpirySweeper,
  FlashSale,
  InRequestOrders,
  isInvalidArgumentError,
  isOrderWriteError,
  OutboxWorker,
  QueuedOrders,
  readDeadLetters,
  removeDeadLetters,
  type PurchasingSale,
  type SaleReference,
} from '../../../src/index.js';
import { ensureBuilt, ROOT } from '../../docs/built-package.js';
import { mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import { openPipeline, RecordingSink, until, type PipelineFixture } from './pipeline-fixture.js';

/** Every key under the test's prefix with its DUMP, to see that nothing changed. */
async function snapshot(f: PipelineFixture): Promise<string[]> {
  const keys = (await f.client.keys(`${f.prefix}*`)).sort();
  return Promise.all(
    keys.map(async (key) => `${key} ${(await f.client.dumpBuffer(key)).toString('hex')}`),
  );
}

/** What `run` threw or rejected with (undefined when it did neither). */
async function failure(run: () => unknown): Promise<unknown> {
  try {
    await run();
    return undefined;
  } catch (caught) {
    return caught;
  }
}

/** The argument an InvalidArgumentError names, or a description of what was thrown. */
function namedArgument(error: unknown): string {
  return isInvalidArgumentError(error)
    ? error.argument
    : `not an InvalidArgumentError: ${String(error)}`;
}

/** A double of a sale: a plain object that buys through `sale` and records its calls. */
function doubleOf(f: PipelineFixture, calls: string[]): PurchasingSale {
  return {
    redis: f.client,
    saleId: 'drop',
    keyPrefix: f.prefix,
    tryPurchase: async (userId, options) => {
      calls.push('tryPurchase');
      return f.sale.tryPurchase(userId, options);
    },
    cancel: async (reservationId, options) => {
      calls.push('cancel');
      return f.sale.cancel(reservationId, options);
    },
  };
}

describe('a sale reference', () => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  it('as a plain object: the worker delivers, the sweeper expires, dead letters are read', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5, holdMs: 100 });
    const held = await mustReserve(f.sale, 'ann');
    const reference: SaleReference = { redis: f.client, saleId: 'drop', keyPrefix: f.prefix };
    await pastDeadline(f.sale, held, f.clockSlackMs);
    expect(await new ExpirySweeper({ sales: [reference] }).sweep()).toBe(1);
    const sink = new RecordingSink();
    const worker = new OutboxWorker({ sale: reference, sink, blockMs: 50 });
    worker.start();
    try {
      await until('both events are delivered', () => worker.stats().written === 2);
    } finally {
      await worker.stop();
    }
    expect(sink.events.map((event) => event.type)).toEqual(['reserved', 'expired']);
    expect(await readDeadLetters(reference)).toEqual([]);
    expect(await f.sale.stats()).toMatchObject({ available: 5, held: 0, sold: 0 });
  });

  it('as a plain object: a refused event is dead-lettered, read and removed', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5 });
    const held = await mustReserve(f.sale, 'ann');
    const reference: SaleReference = { redis: f.client, saleId: 'drop', keyPrefix: f.prefix };
    const sink = new RecordingSink((events) =>
      events.some((event) => event.type === 'reserved')
        ? new Error('the order table is read-only')
        : undefined,
    );
    const worker = new OutboxWorker({ sale: reference, sink, blockMs: 50, maxAttempts: 1 });
    worker.start();
    try {
      // dead-lettering a held reservation releases it, recorded as a `failed` event
      await until('the release is delivered', () => sink.ids().includes(`${held.id}/failed`));
    } finally {
      await worker.stop();
    }
    expect(worker.stats()).toMatchObject({ deadLettered: 1, written: 1 });
    expect(await f.sale.stats()).toMatchObject({ available: 5, held: 0, sold: 0 });
    const dead = await readDeadLetters(reference);
    expect(dead).toMatchObject([
      {
        event: { type: 'reserved', reservationId: held.id },
        compensation: 'released',
        error: expect.stringContaining('read-only') as unknown,
      },
    ]);
    // the dead letters are the same whichever reference names the sale
    expect(await readDeadLetters(f.sale)).toEqual(dead);
    expect(
      await removeDeadLetters(
        reference,
        dead.map((letter) => letter.id),
      ),
    ).toBe(1);
    expect(await readDeadLetters(f.sale)).toEqual([]);
  });

  it('as a plain double with tryPurchase and cancel: the order modes buy through it', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5 });
    const calls: string[] = [];
    const sale = doubleOf(f, calls);
    const queued = new QueuedOrders({ sale });
    const result = await queued.purchase('ann');
    if (!result.ok) throw new Error(result.reason);
    expect(result.status.state).toBe('pending');
    expect(await queued.status(result.reservation.id)).toMatchObject({ state: 'pending' });

    const refusing = new RecordingSink(() => new Error('the order table is read-only'));
    const inRequest = new InRequestOrders({ sale, sink: refusing });
    const error = await failure(() => inRequest.purchase('bob'));
    expect(isOrderWriteError(error) && error.released).toBe(true);
    expect(calls).toEqual(['tryPurchase', 'tryPurchase', 'cancel']);
    expect(await f.sale.stats()).toMatchObject({ available: 4, held: 1, sold: 0 });
  });

  it('as a FlashSale of the CommonJS build, with this build’s worker and order modes', async () => {
    ensureBuilt();
    const cjs = createRequire(import.meta.url)(join(ROOT, 'dist', 'index.cjs')) as typeof esm;
    expect(cjs.FlashSale).not.toBe(FlashSale);
    f = openPipeline('redis');
    const sale = new cjs.FlashSale({ redis: f.client, saleId: 'drop', keyPrefix: f.prefix });
    expect(sale).not.toBeInstanceOf(FlashSale);
    await sale.preload({ stock: 5 });
    expect(await sale.tryPurchase('ann')).toMatchObject({ ok: true });
    const bought = await new QueuedOrders({ sale }).purchase('bob');
    expect(bought).toMatchObject({ ok: true, status: { state: 'pending' } });
    const sink = new RecordingSink();
    const worker = new OutboxWorker({ sale, sink, blockMs: 50 });
    worker.start();
    try {
      await until('both events are delivered', () => worker.stats().written === 2);
    } finally {
      await worker.stop();
    }
    expect(
      sink.events
        .map(({ type, userId, saleId }) => ({ type, userId, saleId }))
        .sort((a, b) => a.userId.localeCompare(b.userId)),
    ).toEqual([
      { type: 'reserved', userId: 'ann', saleId: 'drop' },
      { type: 'reserved', userId: 'bob', saleId: 'drop' },
    ]);
    expect(await new ExpirySweeper({ sales: [sale] }).sweep()).toBe(0);
    expect(await readDeadLetters(sale)).toEqual([]);
    // ensureBuilt may build dist/ first: up to a minute or more on a loaded machine
  }, 300_000);

  it('refuses a bad reference naming its field, writing nothing', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5 });
    await mustReserve(f.sale, 'ann');
    const before = await snapshot(f);
    const sink = new RecordingSink();
    const methods = {
      tryPurchase: () => Promise.reject(new Error('never called')),
      cancel: () => Promise.reject(new Error('never called')),
    };
    const valid = { redis: f.client, saleId: 'drop', keyPrefix: f.prefix };
    const unreadable = Object.defineProperty({ ...valid }, 'redis', {
      get: () => {
        throw new Error('no client here');
      },
    });
    const bad: [unknown, string][] = [
      [{ ...valid, saleId: 'a b' }, 'saleId'],
      [{ ...valid, saleId: undefined }, 'saleId'],
      [{ ...valid, redis: {} }, 'redis'],
      [{ ...valid, redis: undefined }, 'redis'],
      [unreadable, 'redis'],
      [{ ...valid, keyPrefix: `${f.prefix}{x}` }, 'keyPrefix'],
      [{ ...valid, keyPrefix: 7 }, 'keyPrefix'],
      [{ ...valid, commandTimeoutMs: 0 }, 'commandTimeoutMs'],
      [{ ...valid, commandTimeoutMs: 600_001 }, 'commandTimeoutMs'],
      [{ ...valid, commandTimeoutMs: '2000' }, 'commandTimeoutMs'],
      ['drop', ''],
      [null, ''],
    ];
    const field = (base: string, name: string) => (name === '' ? base : `${base}.${name}`);
    for (const [reference, name] of bad) {
      const sale = reference as SaleReference;
      const purchasing = (
        typeof reference === 'object' && reference !== null
          ? Object.defineProperties(Object.create(reference) as object, {
              tryPurchase: { value: methods.tryPurchase },
              cancel: { value: methods.cancel },
            })
          : reference
      ) as PurchasingSale;
      const uses: [string, () => unknown, string][] = [
        ['OutboxWorker', () => new OutboxWorker({ sale, sink }), field('sale', name)],
        [
          'ExpirySweeper',
          () => new ExpirySweeper({ sales: [valid, sale] }),
          field('sales[1]', name),
        ],
        ['readDeadLetters', () => readDeadLetters(sale), field('sale', name)],
        ['removeDeadLetters', () => removeDeadLetters(sale, ['1-1']), field('sale', name)],
        ['QueuedOrders', () => new QueuedOrders({ sale: purchasing }), field('sale', name)],
        [
          'InRequestOrders',
          () => new InRequestOrders({ sale: purchasing, sink }),
          field('sale', name),
        ],
      ];
      for (const [what, run, argument] of uses) {
        const error = await failure(run);
        expect(namedArgument(error), `${what} given ${name}`).toBe(argument);
      }
    }
    // a valid reference without the methods the order modes call
    const noCancel = { ...valid, tryPurchase: methods.tryPurchase } as unknown as PurchasingSale;
    expect(namedArgument(await failure(() => new InRequestOrders({ sale: noCancel, sink })))).toBe(
      'sale.cancel',
    );
    expect(namedArgument(await failure(() => new QueuedOrders({ sale: valid as never })))).toBe(
      'sale.tryPurchase',
    );
    expect(sink.calls).toBe(0);
    expect(await snapshot(f)).toEqual(before);
  });

  it('is data, not identity: a reference whose fields change is checked again', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5 });
    class Reference implements SaleReference {
      constructor(
        public redis: SaleReference['redis'],
        public saleId: string,
        public keyPrefix: string,
      ) {}
    }
    for (const reference of [
      { redis: f.client, saleId: 'drop', keyPrefix: f.prefix },
      new Reference(f.client, 'drop', f.prefix),
    ]) {
      expect(await readDeadLetters(reference)).toEqual([]);
      reference.saleId = 'a b';
      expect(namedArgument(await failure(() => readDeadLetters(reference)))).toBe('sale.saleId');
      reference.saleId = 'drop';
      reference.keyPrefix = '{x}';
      expect(namedArgument(await failure(() => readDeadLetters(reference)))).toBe('sale.keyPrefix');
      reference.keyPrefix = f.prefix;
      expect(await readDeadLetters(reference)).toEqual([]);
    }
  });
});
