/**
 * kill -9 of worker processes writing to a real PostgreSQL: once in the middle of a
 * sink write (inside the transaction) and once after the commit but before the
 * acknowledgement. A third worker then finishes. Every event reaches the database
 * at least once (the `deliveries` log counts committed writes), and the database
 * holds each event and each order exactly once.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createOrderTables } from '../../../examples/postgres-sink/index.js';
import { readDeadLetters } from '../../../src/index.js';
import { expectInvariants } from '../../sale/invariants.js';
import { openPipeline, until } from '../worker/pipeline-fixture.js';
import { startWorkerProcess, stopWorkerProcess } from './fixtures/start-worker.js';
import type { Child } from '../../harness/spawn-child.js';
import { connectPostgres, dropTables, orderRows, uniqueTables } from './postgres.js';
import { makeHistory, outboxEventIds } from './sale-history.js';

const postgres = await connectPostgres();
const BATCH = 10;

describe.skipIf(postgres === undefined)('worker processes killed mid-write', () => {
  const pool = postgres?.pool;
  if (pool === undefined || postgres === undefined) return;
  afterAll(async () => {
    await pool.end();
  });

  it('lose nothing and leave each order in the database exactly once', async () => {
    const f = openPipeline('redis', 'crash');
    const tables = uniqueTables();
    const deliveries = `${tables.events}_deliveries`;
    const children: Child[] = [];
    try {
      await createOrderTables(pool, tables);
      await pool.query(`CREATE TABLE ${deliveries} (event_id text NOT NULL)`);
      await f.sale.preload({ stock: 200, perUserLimit: 1 });
      const expected = await makeHistory(f, 120);
      const eventIds = await outboxEventIds(f);
      expect(eventIds).toHaveLength(120 + 40 + 16); // reserved, paid, cancelled

      const base = {
        redisPort: inject('redisPort'),
        prefix: f.prefix,
        saleId: 'crash',
        postgres: { target: postgres.target, tables, deliveries },
        maxEventsPerWrite: BATCH,
        // long enough that a stalled live worker's own entries never look abandoned
        reclaimIdleMs: 1_500,
        maxAttempts: 10,
      };
      const a = await startWorkerProcess({ ...base, fault: 'hang-after-commit', atBatch: 3 });
      children.push(a);
      await a.line('committed 3');
      await a.kill(); // committed, never acknowledged: redelivered later
      const b = await startWorkerProcess({ ...base, fault: 'hang-in-write', atBatch: 2 });
      children.push(b);
      await b.line('writing 2');
      await b.kill(); // inside the transaction: rolled back
      const c = await startWorkerProcess(base);
      children.push(c);
      await until(
        'every event is in the database and acknowledged',
        async () => {
          const stored = await pool.query(`SELECT 1 FROM ${tables.events}`);
          const pending = await f.client.xpending(f.keys.events, 'orders');
          return stored.rowCount === eventIds.length && pending[0] === 0;
        },
        60_000,
      );
      expect(await stopWorkerProcess(c)).toBe(0);

      const stored = await pool.query<{ event_id: string }>(
        `SELECT event_id FROM ${tables.events}`,
      );
      expect(stored.rows.map((row) => row.event_id).sort()).toEqual([...eventIds].sort());
      expect(await orderRows(pool, tables)).toEqual(expected);
      const counts = await pool.query<{ event_id: string; n: number }>(
        `SELECT event_id, count(*)::int AS n FROM ${deliveries} GROUP BY event_id`,
      );
      const times = new Map(counts.rows.map((row) => [row.event_id, row.n]));
      expect(eventIds.every((id) => (times.get(id) ?? 0) >= 1)).toBe(true);
      // exactly the batch committed before the first kill was written twice
      expect([...times.values()].filter((n) => n === 2)).toHaveLength(BATCH);
      expect([...times.values()].filter((n) => n > 2)).toHaveLength(0);
      expect(await readDeadLetters(f.sale)).toEqual([]);
      await expectInvariants(f.client, f.keys, 1);
    } finally {
      await Promise.all(children.map(async (child) => child.kill()));
      await dropTables(pool, tables, deliveries);
      await f.close();
    }
  });
});
