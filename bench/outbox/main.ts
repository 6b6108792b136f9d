/**
 * npm run bench:outbox — the order pipeline's throughput and timeliness:
 * - events delivered per second from an outbox backlog to a no-op sink and to
 *   PostgreSQL (the example sink, one transaction per batch), by workers and batch size;
 * - the delay from a hold's deadline to its units being back in stock, with the
 *   sweeper running while buyers keep arriving and a worker delivers the outbox.
 *
 *   BENCH_EVENTS=50000 npm run bench:outbox   # backlog per delivery case (default 50000)
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { createOrderTables, createPostgresSink } from '../../examples/postgres-sink/index.js';
import type { OrderSink } from '../../src/index.js';
import { connectPostgres, dropTables, uniqueTables } from '../../test/orders/fault/postgres.js';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { measureDelivery, type DeliveryCase } from './delivery-rate.js';
import { measureExpiryDelay } from './expiry-delay.js';
import { printTable } from '../print-table.js';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const version = (command: string, ...args: string[]): string =>
  execFileSync(command, args).toString().trim().split('\n')[0] ?? '?';

async function main(): Promise<void> {
  console.log(
    `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${version('redis-server', '--version').split(' ').slice(0, 3).join(' ')}, ${version('psql', '--version')}`,
  );
  console.log(
    `private redis-server (appendonly no); backlog of ${fmt(EVENTS)} reserved events per delivery case\n`,
  );
  const server = await startRedisServer({ args: ['--appendonly', 'no'] });
  const redis = new Redis({ port: server.port });
  const postgres = await connectPostgres();
  const rows: string[][] = [];
  let run = 0;
  try {
    const noop: OrderSink = { write: async () => Promise.resolve() };
    const cases: DeliveryCase[] = [
      { workers: 1, maxEventsPerWrite: 100, events: EVENTS },
      { workers: 1, maxEventsPerWrite: 500, events: EVENTS },
      { workers: 4, maxEventsPerWrite: 100, events: EVENTS },
    ];
    for (const c of cases) {
      const rate = await measureDelivery(redis, `noop-${String(run++)}`, noop, c);
      rows.push([
        'outbox → no-op sink',
        `${String(c.workers)} worker(s), ≤${String(c.maxEventsPerWrite)} events/write`,
        `${fmt(rate)} events/s`,
      ]);
    }
    for (const c of cases) {
      if (postgres === undefined) {
        rows.push([
          'outbox → PostgreSQL',
          `${String(c.workers)} worker(s), ≤${String(c.maxEventsPerWrite)} events/write`,
          'skipped: no PostgreSQL',
        ]);
        continue;
      }
      const tables = uniqueTables();
      await createOrderTables(postgres.pool, tables);
      try {
        const sink = createPostgresSink(postgres.pool, { tables });
        const rate = await measureDelivery(redis, `pg-${String(run++)}`, sink, c);
        rows.push([
          'outbox → PostgreSQL',
          `${String(c.workers)} worker(s), ≤${String(c.maxEventsPerWrite)} events/write`,
          `${fmt(rate)} events/s`,
        ]);
      } finally {
        await dropTables(postgres.pool, tables);
      }
    }
    for (const intervalMs of [100, 1_000]) {
      const delay = await measureExpiryDelay(redis, `expiry-${String(run++)}`, intervalMs, 20_000);
      rows.push([
        'deadline → stock back',
        `sweeper every ${fmt(intervalMs)} ms, ${fmt(delay.holds)} holds while buying`,
        `p50 ${fmt(delay.p50Ms)} ms, p99 ${fmt(delay.p99Ms)} ms, max ${fmt(delay.maxMs)} ms`,
      ]);
    }
    printTable(['measure', 'setting', 'result'], rows);
  } finally {
    redis.disconnect();
    await postgres?.pool.end();
    await server.stop();
  }
}

await main();
