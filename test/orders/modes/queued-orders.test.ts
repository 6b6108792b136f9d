import { afterEach, describe, expect, it } from 'vitest';
import { OutboxWorker, QueuedOrders } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import {
  openPipeline,
  RecordingSink,
  until,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

describe.each(BACKENDS)('QueuedOrders on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  it('answers at once with a pending order', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 10 });
    const orders = new QueuedOrders({ sale: f.sale });
    const result = await orders.purchase('alice', { idempotencyKey: 'req-1' });
    expect(result).toMatchObject({
      ok: true,
      replayed: false,
      status: { state: 'pending', reason: null },
    });
    if (!result.ok) return;
    expect(await orders.status(result.reservation.id)).toEqual(result.status);
    expect(await orders.purchase('bob', { quantity: 5 })).toEqual({
      ok: false,
      reason: 'limit_reached',
      line: 0,
      item: 'default',
    });
  });

  it('reports paid, cancelled, expired; null for an unknown reservation', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5, holdMs: 60_000 });
    const orders = new QueuedOrders({ sale: f.sale });
    const paid = await mustReserve(f.sale, 'a');
    await f.sale.confirm(paid.id);
    const cancelled = await mustReserve(f.sale, 'b');
    await f.sale.cancel(cancelled.id);
    expect(await orders.status(paid.id)).toMatchObject({ state: 'paid', reason: null });
    expect(await orders.status(cancelled.id)).toMatchObject({
      state: 'released',
      reason: 'cancelled',
    });
    expect(await orders.status('drop:AAAAAAAAAAAAAAAA')).toBeNull();
  });

  it('reports expired once the deadline has passed and the hold is swept', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5, holdMs: 50 });
    const orders = new QueuedOrders({ sale: f.sale });
    const late = await mustReserve(f.sale, 'c');
    await pastDeadline(f.sale, late, f.clockSlackMs);
    expect((await f.sale.expire()).released).toHaveLength(1);
    expect(await orders.status(late.id)).toMatchObject({ state: 'released', reason: 'expired' });
  });

  it('answers a replay with where the order stands now', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 2 });
    const orders = new QueuedOrders({ sale: f.sale });
    const first = await orders.purchase('alice', { idempotencyKey: 'req-1' });
    if (first.ok) await f.sale.confirm(first.reservation.id);
    expect(await orders.purchase('alice', { idempotencyKey: 'req-1' })).toMatchObject({
      ok: true,
      replayed: true,
      status: { state: 'paid' },
    });
  });
});

describe.each(['redis', 'cluster'] as const)('QueuedOrders with a worker on %s', (backend) => {
  it('moves pending → placed → paid as the worker writes the order', async () => {
    const f = openPipeline(backend);
    const worker = new OutboxWorker({ sale: f.sale, sink: new RecordingSink(), blockMs: 50 });
    try {
      await f.sale.preload({ stock: 2 });
      const orders = new QueuedOrders({ sale: f.sale });
      const result = await orders.purchase('alice');
      if (!result.ok) throw new Error(result.reason);
      const id = result.reservation.id;
      expect(result.status.state).toBe('pending');
      worker.start();
      await until('the order is placed', async () => (await orders.status(id))?.state === 'placed');
      await f.sale.confirm(id);
      expect(await orders.status(id)).toMatchObject({ state: 'paid', reason: null });
    } finally {
      await worker.stop();
      await f.close();
    }
  });
});
