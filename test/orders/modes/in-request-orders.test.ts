import { afterEach, describe, expect, it } from 'vitest';
import {
  FlashSale,
  InRequestOrders,
  isOrderSinkTimeoutError,
  isOrderWriteError,
  OutboxWorker,
  type OrderWriteError,
} from '../../../src/index.js';
import { BACKENDS, redisClient } from '../../harness/clients.js';
import { expectInvariants } from '../../sale/invariants.js';
import {
  openPipeline,
  RecordingSink,
  streamEntries,
  until,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

async function rejection(promise: Promise<unknown>): Promise<OrderWriteError> {
  const error: unknown = await promise.then(
    () => new Error('expected OrderWriteError'),
    (caught: unknown) => caught,
  );
  if (!isOrderWriteError(error)) throw error;
  return error;
}

describe.each(BACKENDS)('InRequestOrders on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  it('writes the order before answering', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 3 });
    const sink = new RecordingSink();
    const orders = new InRequestOrders({ sale: f.sale, sink });
    const result = await orders.purchase('alice', { idempotencyKey: 'req-1' });
    if (!result.ok) throw new Error(result.reason);
    expect(sink.events).toEqual([
      {
        id: `${result.reservation.id}/reserved`,
        type: 'reserved',
        saleId: 'drop',
        reservationId: result.reservation.id,
        userId: 'alice',
        quantity: 1,
        lines: [{ item: 'default', quantity: 1 }],
        metadata: null,
        atMs: result.reservation.createdAtMs,
        deadlineMs: result.reservation.deadlineMs,
        position: null,
      },
    ]);
    expect(await f.sale.stats()).toMatchObject({ held: 1, available: 2 });
  });

  it('writes nothing for a refusal', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 0 });
    const sink = new RecordingSink();
    const orders = new InRequestOrders({ sale: f.sale, sink });
    expect(await orders.purchase('alice')).toEqual({
      ok: false,
      reason: 'sold_out',
      line: 0,
      item: 'default',
    });
    expect(sink.calls).toBe(0);
  });

  it('releases the hold in the same call when the write fails, and rejects with OrderWriteError', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 2, perUserLimit: 1 });
    const sink = new RecordingSink(() => new Error('database is down'));
    const orders = new InRequestOrders({ sale: f.sale, sink });
    const error = await rejection(orders.purchase('alice', { idempotencyKey: 'req-1' }));
    expect(error.released).toBe(true);
    expect(error.reservation).toMatchObject({ state: 'released', releaseReason: 'failed' });
    expect(error.cause).toEqual(new Error('database is down'));
    expect(await f.sale.stats()).toMatchObject({ held: 0, available: 2 });
    expect((await f.sale.userStatus('alice'))?.remaining).toBe(1);
    const types = (await streamEntries(f, f.keys.events)).map((entry) => entry.fields['type']);
    expect(types).toEqual(['reserved', 'failed']);
    // a retry of the same request does not take a second unit, and fails the same way
    const again = await rejection(orders.purchase('alice', { idempotencyKey: 'req-1' }));
    expect(again.reservation.id).toBe(error.reservation.id);
    expect(sink.calls).toBe(1);
    // the buyer can buy again with a new request
    const ok = new InRequestOrders({ sale: f.sale, sink: new RecordingSink() });
    expect((await ok.purchase('alice', { idempotencyKey: 'req-2' })).ok).toBe(true);
    await expectInvariants(f.client, f.keys, 1);
  });

  it('counts a write that outlasts writeTimeoutMs as failed and aborts its signal', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 1 });
    const sink = new RecordingSink(undefined, async () => new Promise<void>(() => undefined));
    const orders = new InRequestOrders({ sale: f.sale, sink, writeTimeoutMs: 30 });
    const error = await rejection(orders.purchase('alice'));
    expect(isOrderSinkTimeoutError(error.cause)).toBe(true);
    expect(sink.signals[0]?.aborted).toBe(true);
    expect(await f.sale.stats()).toMatchObject({ held: 0, available: 1 });
  });

  it('writes a retried, still-held order again under the same event id', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 3 });
    const sink = new RecordingSink();
    const orders = new InRequestOrders({ sale: f.sale, sink });
    const first = await orders.purchase('alice', { idempotencyKey: 'req-1' });
    const again = await orders.purchase('alice', { idempotencyKey: 'req-1' });
    expect(again).toMatchObject({ ok: true, replayed: true });
    expect(sink.ids()).toHaveLength(2);
    expect(new Set(sink.ids()).size).toBe(1);
    if (first.ok) await f.sale.confirm(first.reservation.id);
    expect(await orders.purchase('alice', { idempotencyKey: 'req-1' })).toMatchObject({
      ok: true,
      reservation: { state: 'sold' },
    });
    expect(sink.calls).toBe(2); // nothing to write for a sold one
  });
});

describe('InRequestOrders when Redis fails too', () => {
  it('reports released: false; the hold then returns at its deadline', async () => {
    const f = openPipeline('redis');
    const client = redisClient();
    try {
      await f.sale.preload({ stock: 1, holdMs: 60_000 });
      const sale = new FlashSale({ redis: client, saleId: 'drop', keyPrefix: f.prefix });
      const sink = new RecordingSink(() => {
        client.disconnect();
        return new Error('database is down');
      });
      const error = await rejection(new InRequestOrders({ sale, sink }).purchase('alice'));
      expect(error.released).toBe(false);
      expect(error.reservation.state).toBe('held');
      expect(await f.sale.stats()).toMatchObject({ held: 1, available: 0 });
    } finally {
      await f.close();
    }
  });
});

describe('InRequestOrders beside an outbox worker', () => {
  it('gives the sink the same event id twice, so the duplicate is ignored', async () => {
    const f = openPipeline('redis');
    try {
      await f.sale.preload({ stock: 2 });
      const sink = new RecordingSink();
      const result = await new InRequestOrders({ sale: f.sale, sink }).purchase('alice');
      const worker = new OutboxWorker({ sale: f.sale, sink, blockMs: 50 });
      worker.start();
      await until('the worker delivered the outbox', () => worker.stats().written === 1);
      await worker.stop();
      expect(result.ok).toBe(true);
      expect(sink.ids()).toHaveLength(2);
      expect(new Set(sink.ids()).size).toBe(1);
      expect(sink.events[1]?.position).toMatch(/^\d+-\d+$/);
    } finally {
      await f.close();
    }
  });
});
