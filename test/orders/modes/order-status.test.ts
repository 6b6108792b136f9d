/**
 * The read side tells the truth about an overdue hold before any sweeper ran: a
 * hold whose deadline has passed by Redis's clock can never be sold (confirm would
 * release it), so its order is `released` as `expired`, not `pending`/`placed`.
 * No timing: the test waits on Redis's own clock until the deadline has passed,
 * then checks that the stored record still says held (nothing released it).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { QueuedOrders } from '../../../src/index.js';
import { BACKENDS } from '../../harness/clients.js';
import { mustReserve, pastDeadline } from '../../sale/purchase-helpers.js';
import { openPipeline, type PipelineFixture } from '../worker/pipeline-fixture.js';

describe.each(BACKENDS)('order status of an overdue hold on %s', (backend) => {
  let f: PipelineFixture;
  afterEach(async () => {
    await f.close();
  });

  it('is released as expired once the deadline has passed, with no sweeper', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5, holdMs: 200 });
    const orders = new QueuedOrders({ sale: f.sale });
    const pending = await mustReserve(f.sale, 'a');
    const placed = await mustReserve(f.sale, 'b');
    await f.client.hset(f.outbox.delivered, placed.id, 'placed'); // as ack-4.lua marks it
    await pastDeadline(f.sale, placed, f.clockSlackMs);

    for (const hold of [pending, placed]) {
      // nothing has released it: the stored record still says held
      expect(await f.client.hget(f.keys.holds, hold.id)).toMatch(/^held\|/);
      expect(await orders.status(hold.id)).toEqual({
        state: 'released',
        reason: 'expired',
        reservation: {
          ...hold,
          state: 'released',
          releaseReason: 'expired',
          endedAtMs: hold.deadlineMs,
        },
      });
    }
  });

  it('a replayed purchase of an overdue hold answers released too', async () => {
    f = openPipeline(backend);
    await f.sale.preload({ stock: 5, holdMs: 200 });
    const orders = new QueuedOrders({ sale: f.sale });
    const first = await orders.purchase('a', { idempotencyKey: 'req-1' });
    if (!first.ok) throw new Error(`expected a hold, got ${first.reason}`);
    expect(first.status.state).toBe('pending');
    await pastDeadline(f.sale, first.reservation, f.clockSlackMs);
    const replay = await orders.purchase('a', { idempotencyKey: 'req-1' });
    expect(replay).toMatchObject({
      ok: true,
      replayed: true,
      status: { state: 'released', reason: 'expired' },
    });
  });
});
