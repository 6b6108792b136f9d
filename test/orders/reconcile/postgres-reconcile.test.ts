/**
 * reconcileSale with the PostgreSQL example sink, behind a real OutboxWorker: drift
 * injected into the tables (an order deleted, a row inserted for a released
 * reservation, states changed) is found with exact counts; the repairs go through
 * the outbox and the worker, and a second reconcile finds only what was left.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOrderTables, createPostgresSink } from '../../../examples/postgres-sink/index.js';
import { reconcileSale, type Reservation } from '../../../src/index.js';
import { connectPostgres, dropTables, orderRows, uniqueTables } from '../fault/postgres.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import {
  openPipeline,
  until,
  workerPool,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

const postgres = await connectPostgres();

describe.skipIf(postgres === undefined)('reconcileSale with the PostgreSQL sink', () => {
  const pool = postgres?.pool;
  const tables = uniqueTables();
  if (pool === undefined) return;
  let f: PipelineFixture;
  const workers = workerPool(() => f.sale);
  afterEach(async () => {
    await workers.stopAll();
    await f.close();
    await dropTables(pool, tables);
  });
  afterAll(async () => {
    await pool.end();
  });

  /** Deletes every row of a reservation: as if none of its events reached the store. */
  const forget = async (id: string): Promise<void> => {
    for (const table of [tables.orders, tables.lines, tables.events]) {
      await pool.query(`DELETE FROM ${table} WHERE reservation_id = $1`, [id]);
    }
  };

  /** Back to reserved, as if its later event never reached the store. */
  const rollBack = async (id: string): Promise<void> => {
    await pool.query(`UPDATE ${tables.orders} SET status = 'reserved' WHERE reservation_id = $1`, [
      id,
    ]);
    await pool.query(
      `DELETE FROM ${tables.events} WHERE reservation_id = $1 AND type <> 'reserved'`,
      [id],
    );
  };

  const setStatus = async (id: string, status: string): Promise<void> => {
    await pool.query(`UPDATE ${tables.orders} SET status = $2 WHERE reservation_id = $1`, [
      id,
      status,
    ]);
  };

  const insertOrder = async (id: string, status: string): Promise<void> => {
    await pool.query(
      `INSERT INTO ${tables.orders} (reservation_id, sale_id, user_id, quantity, status, deadline,
                                     metadata, updated_at)
       VALUES ($1, 'drop', 'intruder', 1, $2, now(), NULL, now())`,
      [id, status],
    );
    await pool.query(
      `INSERT INTO ${tables.lines} (reservation_id, item_id, quantity) VALUES ($1, 'default', 1)`,
      [id],
    );
  };

  it('finds injected drift of every kind, repairs through the worker, then finds only what it left', async () => {
    f = openPipeline('redis');
    await createOrderTables(pool, tables);
    const sink = createPostgresSink(pool, { tables });
    await f.sale.preload({ stock: 20, perUserLimit: 5 });
    const r: Record<string, Reservation> = {};
    for (const name of ['a', 'b', 'c', 'd', 'e', 'g', 'h'])
      r[name] = await mustReserve(f.sale, name);
    const id = (name: string): string => r[name]?.id ?? '';
    await f.sale.confirm(id('b'));
    await f.sale.confirm(id('e'));
    await f.sale.cancel(id('c'));
    await f.sale.cancel(id('g'));
    await f.sale.confirm(id('h'));
    const worker = workers.start({ sink });
    const drained = async (): Promise<boolean> => (await f.client.xlen(f.keys.events)) === 0;
    await until('the outbox is delivered and trimmed', drained);
    expect(worker.stats().written).toBe(12);
    expect((await orderRows(pool, tables)).size).toBe(7);

    await forget(id('a')); // held, order gone
    await forget(id('b')); // sold, order gone
    await rollBack(id('c')); // cancelled in Redis, the store missed it
    await rollBack(id('e')); // sold in Redis, the store missed it
    await setStatus(id('d'), 'confirmed'); // held in Redis, paid in the store
    await forget(id('g'));
    await insertOrder(id('g'), 'confirmed'); // a row for a released reservation, paid
    await insertOrder('drop:ghost', 'reserved'); // a live order Redis never held

    const first = await reconcileSale(f.sale, sink, { pageSize: 2 });
    expect(first.scanned).toBe(7);
    expect(first.storeScanned).toBe(6);
    expect(first.counts).toEqual({ missing: 2, stale: 2, conflict: 2, orphan: 1 });
    expect(first.inFlight).toBe(0);
    expect(
      Object.fromEntries(first.repaired.map((drift) => [drift.reservationId, drift.events])),
    ).toEqual({
      [id('a')]: ['reserved'],
      [id('b')]: ['reserved', 'confirmed'],
      [id('c')]: ['cancelled'],
      [id('e')]: ['confirmed'],
    });
    expect(
      first.unrepaired.map((drift) => `${drift.reservationId} ${drift.reason}`).sort(),
    ).toEqual([`${id('d')} conflict`, `${id('g')} conflict`, 'drop:ghost orphan'].sort());

    await until('the re-emitted events are delivered', async () => {
      const rows = await orderRows(pool, tables);
      return (
        (await drained()) &&
        rows.get(id('a')) === 'reserved' &&
        rows.get(id('b')) === 'confirmed' &&
        rows.get(id('c')) === 'cancelled' &&
        rows.get(id('e')) === 'confirmed'
      );
    });
    const lines = await pool.query(
      `SELECT item_id, quantity FROM ${tables.lines} WHERE reservation_id = $1`,
      [id('b')],
    );
    expect(lines.rows).toEqual([{ item_id: 'default', quantity: 1 }]);

    const second = await reconcileSale(f.sale, sink);
    expect(second.counts).toEqual({ missing: 0, stale: 0, conflict: 2, orphan: 1 });
    expect(second.repaired).toEqual([]);
    expect(second.inFlight).toBe(0);

    await setStatus(id('d'), 'reserved');
    await setStatus(id('g'), 'cancelled');
    await forget('drop:ghost');
    const clean = await reconcileSale(f.sale, sink);
    expect(clean.counts).toEqual({ missing: 0, stale: 0, conflict: 0, orphan: 0 });
    expect(clean.scanned).toBe(7);
    expect(clean.storeScanned).toBe(7);
  });
});
