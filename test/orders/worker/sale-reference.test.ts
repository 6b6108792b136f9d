/**
 * The pipeline reaches a sale through plain data (a SaleReference): a plain
 * object, and a FlashSale made by the CommonJS build, work with this (ESM)
 * build's worker, sweeper and dead letters; a bad reference is refused, naming
 * its bad field, before anything is written.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ExpirySweeper,
  isInvalidArgumentError,
  OutboxWorker,
  readDeadLetters,
  type SaleReference,
} from '../../../src/index.js';
import { ensureBuilt, ROOT } from '../../docs/built-package.js';
import { mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import { openPipeline, RecordingSink, until, type PipelineFixture } from './pipeline-fixture.js';

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
  });

  it('as a FlashSale of the CommonJS build, with this build’s worker', async () => {
    ensureBuilt();
    const cjs = createRequire(import.meta.url)(join(ROOT, 'dist', 'index.cjs')) as {
      FlashSale: new (options: { redis: unknown; saleId: string; keyPrefix: string }) => {
        preload(options: { stock: number }): Promise<unknown>;
        tryPurchase(userId: string): Promise<{ ok: boolean }>;
      } & SaleReference;
    };
    f = openPipeline('redis');
    const sale = new cjs.FlashSale({ redis: f.client, saleId: 'drop', keyPrefix: f.prefix });
    await sale.preload({ stock: 5 });
    expect(await sale.tryPurchase('ann')).toMatchObject({ ok: true });
    const sink = new RecordingSink();
    const worker = new OutboxWorker({ sale, sink, blockMs: 50 });
    worker.start();
    try {
      await until('the event is delivered', () => worker.stats().written === 1);
    } finally {
      await worker.stop();
    }
    expect(sink.events).toMatchObject([{ type: 'reserved', userId: 'ann', saleId: 'drop' }]);
  });

  it('refuses a bad reference naming its field, writing nothing', async () => {
    f = openPipeline('redis');
    await f.sale.preload({ stock: 5 });
    const before = await f.client.keys(`${f.prefix}*`);
    const sink = new RecordingSink();
    const bad: [unknown, string][] = [
      [{ redis: f.client, saleId: 'a b', keyPrefix: f.prefix }, 'sale.saleId'],
      [{ redis: {}, saleId: 'drop' }, 'sale.redis'],
      [{ redis: f.client, saleId: 'drop', keyPrefix: '{x}' }, 'sale.keyPrefix'],
      [{ redis: f.client, saleId: 'drop', commandTimeoutMs: 0 }, 'sale.commandTimeoutMs'],
      ['drop', 'sale'],
    ];
    for (const [sale, argument] of bad) {
      const error = (() => {
        try {
          return new OutboxWorker({ sale: sale as SaleReference, sink });
        } catch (caught) {
          return caught;
        }
      })();
      expect(isInvalidArgumentError(error) && error.argument, JSON.stringify(argument)).toBe(
        argument,
      );
    }
    expect((await f.client.keys(`${f.prefix}*`)).sort()).toEqual(before.sort());
  });
});
