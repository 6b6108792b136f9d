/**
 * The PostgreSQL sink example against the real server: redelivery is harmless and
 * an order's status only moves forward.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOrderTables, createPostgresSink } from '../../../examples/postgres-sink/index.js';
import { InRequestOrders, OutboxWorker, type OrderEvent } from '../../../src/index.js';
import { connectPostgres, dropTables, orderRows, uniqueTables } from '../fault/postgres.js';
import { makeHistory } from '../fault/sale-history.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { openPipeline, until, type PipelineFixture } from '../worker/pipeline-fixture.js';

const postgres = await connectPostgres();

function event(
  reservationId: string,
  type: OrderEvent['type'],
  atMs = 1_790_000_000_000,
): OrderEvent {
  return {
    id: `${reservationId}/${type}`,
    type,
    saleId: 'drop',
    reservationId,
    userId: `user of ${reservationId}`,
    quantity: 1,
    lines: [{ item: 'default', quantity: 1 }],
    metadata: null,
    atMs,
    deadlineMs: atMs + 60_000,
    position: null,
  };
}
const signal = new AbortController().signal;

describe.skipIf(postgres === undefined)('PostgreSQL order sink', () => {
  const pool = postgres?.pool;
  const tables = uniqueTables();
  if (pool === undefined) return;
  afterEach(async () => {
    await dropTables(pool, tables);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('stores each event once and each order once, however often they are delivered', async () => {
    await createOrderTables(pool, tables);
    const sink = createPostgresSink(pool, { tables });
    const batch = [
      event('drop:1', 'reserved'),
      event('drop:2', 'reserved'),
      event('drop:1', 'confirmed'),
    ];
    await sink.write(batch, { signal });
    await sink.write(batch, { signal });
    await sink.write([event('drop:1', 'reserved'), event('drop:2', 'reserved')], { signal });
    expect(await orderRows(pool, tables)).toEqual(
      new Map([
        ['drop:1', 'confirmed'],
        ['drop:2', 'reserved'],
      ]),
    );
    expect((await pool.query(`SELECT event_id FROM ${tables.events}`)).rowCount).toBe(3);
  });

  it('records a dead-lettered reservation from its failed event alone', async () => {
    await createOrderTables(pool, tables);
    await createPostgresSink(pool, { tables }).write([event('drop:7', 'failed')], { signal });
    expect(await orderRows(pool, tables)).toEqual(new Map([['drop:7', 'failed']]));
  });

  it('writes a batch all or nothing', async () => {
    await createOrderTables(pool, tables);
    const sink = createPostgresSink(pool, {
      tables,
      alsoWrite: async () => Promise.reject(new Error('audit table is full')),
    });
    await expect(sink.write([event('drop:1', 'reserved')], { signal })).rejects.toThrow(
      'audit table is full',
    );
    expect((await orderRows(pool, tables)).size).toBe(0);
    expect((await pool.query(`SELECT 1 FROM ${tables.events}`)).rowCount).toBe(0);
  });

  describe('behind the library', () => {
    let f: PipelineFixture;
    afterEach(async () => {
      await f.close();
    });

    it('holds exactly the sale’s orders, in-request and queued alike', async () => {
      f = openPipeline('redis');
      await createOrderTables(pool, tables);
      await f.sale.preload({ stock: 40, perUserLimit: 1 });
      const sink = createPostgresSink(pool, { tables });
      const inRequest = new InRequestOrders({ sale: f.sale, sink });
      // even-numbered buyers go through tryPurchase (queued), odd ones in-request
      const expected = await makeHistory(f, 30, 0, async (i) => {
        if (i % 2 === 0) return mustReserve(f.sale, `q${String(i)}`);
        const result = await inRequest.purchase(`i${String(i)}`);
        if (!result.ok) throw new Error(`expected a reservation, got ${result.reason}`);
        return result.reservation;
      });
      const total = await f.client.xlen(f.keys.events);
      const worker = new OutboxWorker({ sale: f.sale, sink, blockMs: 50 });
      worker.start();
      try {
        await until('the outbox is delivered', () => worker.stats().written === total);
      } finally {
        await worker.stop();
      }
      expect(await orderRows(pool, tables)).toEqual(expected);
    });

    it('writes each order with its lines and metadata, once, whichever event comes first', async () => {
      f = openPipeline('redis');
      await createOrderTables(pool, tables);
      await f.sale.preload({
        items: [
          { id: 'phone', stock: 5 },
          { id: 'case', stock: 6, perUserLimit: 2 },
        ],
      });
      const carts = [];
      for (const user of ['ann', 'bob', 'cyd']) {
        const result = await f.sale.tryPurchaseCart(user, {
          lines: [
            { item: 'phone', quantity: 1 },
            { item: 'case', quantity: 2 },
          ],
          metadata: { priceCents: 69_900, channel: 'app' },
        });
        if (!result.ok) throw new Error(`expected a reservation, got ${result.reason}`);
        carts.push(result.reservation);
      }
      await f.sale.confirm(carts[0]?.id ?? '');
      await f.sale.cancel(carts[1]?.id ?? '');
      const total = await f.client.xlen(f.keys.events);
      expect(total).toBe(5);
      // the sink sees every event twice (a redelivery), in one worker run
      const sink = createPostgresSink(pool, { tables });
      const twice = {
        write: async (events: readonly OrderEvent[], context: { signal: AbortSignal }) => {
          await sink.write(events, context);
          await sink.write(events, context);
        },
      };
      const worker = new OutboxWorker({ sale: f.sale, sink: twice, blockMs: 50 });
      worker.start();
      try {
        await until('the outbox is delivered', () => worker.stats().written === total);
      } finally {
        await worker.stop();
      }
      expect(await orderRows(pool, tables)).toEqual(
        new Map([
          [carts[0]?.id, 'confirmed'],
          [carts[1]?.id, 'cancelled'],
          [carts[2]?.id, 'reserved'],
        ]),
      );
      const lines = await pool.query<{ reservation_id: string; item_id: string; quantity: number }>(
        `SELECT reservation_id, item_id, quantity FROM ${tables.lines} ORDER BY reservation_id, item_id`,
      );
      expect(lines.rows).toEqual(
        carts
          .map((cart) => cart.id)
          .sort()
          .flatMap((id) => [
            { reservation_id: id, item_id: 'case', quantity: 2 },
            { reservation_id: id, item_id: 'phone', quantity: 1 },
          ]),
      );
      const metadata = await pool.query<{ metadata: unknown }>(
        `SELECT DISTINCT metadata FROM ${tables.orders}`,
      );
      expect(metadata.rows).toEqual([{ metadata: { priceCents: 69_900, channel: 'app' } }]);
    });
  });
});
