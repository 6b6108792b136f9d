/**
 * recoverSale from the PostgreSQL example sink: mid-sale, after purchases, payments
 * and cancels that an OutboxWorker delivered to PostgreSQL, Redis loses every key
 * of the sale; the sale is rebuilt from the tables and selling goes on to
 * exhaustion with many concurrent buyers: exact stock, no buyer over the limit,
 * nothing sold twice, and the store agrees with Redis at the end.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOrderTables, createPostgresSink } from '../../../examples/postgres-sink/index.js';
import { reconcileSale, recoverSale, type Reservation } from '../../../src/index.js';
import { connectPostgres, dropTables, orderRows, uniqueTables } from '../fault/postgres.js';
import { expectInvariants } from '../../sale/invariants.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import {
  openPipeline,
  until,
  workerPool,
  type PipelineFixture,
} from '../worker/pipeline-fixture.js';

const postgres = await connectPostgres();
const STOCK = 60;
const LIMIT = 3;
const CATALOG = { stock: STOCK, perUserLimit: LIMIT, holdMs: 600_000 } as const;

describe.skipIf(postgres === undefined)('recoverSale from the PostgreSQL sink', () => {
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

  it('rebuilds a wiped sale mid-sale and sells the rest exactly', async () => {
    f = openPipeline('redis');
    await createOrderTables(pool, tables);
    const sink = createPostgresSink(pool, { tables });
    await f.sale.preload(CATALOG);
    const errors: unknown[] = [];
    workers.start({ sink, onError: (error) => errors.push(error) });
    const made: Reservation[] = [];
    for (let i = 0; i < 15; i += 1) made.push(await mustReserve(f.sale, `u${String(i)}`, 2));
    for (const r of made.slice(0, 5)) await f.sale.confirm(r.id);
    for (const r of made.slice(5, 9)) await f.sale.cancel(r.id);
    const drained = async (): Promise<boolean> => (await f.client.xlen(f.keys.events)) === 0;
    await until('the worker delivered everything', async () => {
      const rows = await orderRows(pool, tables);
      return (await drained()) && rows.size === 15 && rows.get(made[8]?.id ?? '') === 'cancelled';
    });

    // Redis loses the sale: its keys and the pipeline's own
    const { delivered, attempts, dead, redriven } = f.outbox;
    await f.client.del(...f.keys.all, delivered, attempts, dead, redriven);

    const result = await recoverSale(f.sale, sink, { catalog: CATALOG, pageSize: 4 });
    expect(result).toEqual({
      preload: 'created',
      held: 6,
      sold: 5,
      present: 0,
      released: 4,
      refused: [],
    });
    const recovered = await expectInvariants(f.client, f.keys, LIMIT);
    expect([recovered.sold, recovered.held, recovered.available]).toEqual([10, 12, 38]);

    // the recovered holds go on: two are paid, one cancelled
    await f.sale.confirm(made[9]?.id ?? '');
    await f.sale.confirm(made[10]?.id ?? '');
    await f.sale.cancel(made[11]?.id ?? '');

    // many buyers at once, the old ones too, until the stock is gone
    const buyers = Array.from({ length: 60 }, (_, i) => `u${String(i % 40)}`);
    const bought: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const results = await Promise.all(buyers.map(async (user) => f.sale.tryPurchase(user)));
      for (const r of results) if (r.ok) bought.push(r.reservation.id);
    }
    const end = await expectInvariants(f.client, f.keys, LIMIT);
    expect(end.available).toBe(0);
    expect(end.sold + end.held).toBe(STOCK);
    expect(bought.length).toBe(40); // 38 left after recovery + 2 from the cancel
    expect(new Set(bought).size).toBe(bought.length);
    expect(end.perUser.get('u0')).toBe(3); // paid 2 before the loss, 1 after

    // everything reaches PostgreSQL, and the store agrees with Redis
    await until('the worker delivered the rest', async () => {
      const rows = await orderRows(pool, tables);
      return (await drained()) && rows.size === 15 + 40;
    });
    const check = await reconcileSale(f.sale, sink);
    expect(check.counts).toEqual({ missing: 0, stale: 0, conflict: 0, orphan: 0 });
    expect(check.scanned).toBe(11 + 40);
    expect(check.storeScanned).toBe(55);
    const rows = await orderRows(pool, tables);
    expect(rows.get(made[9]?.id ?? '')).toBe('confirmed');
    expect(rows.get(made[11]?.id ?? '')).toBe('cancelled');
  });
});
