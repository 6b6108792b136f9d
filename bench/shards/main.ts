/**
 * npm run bench:shards — one hot item on a private 3-master cluster, as 1 shard
 * and as 3 shards (ShardedSale): decisions/s from this process's callers, and
 * Redis CPU time per decision on each master (INFO commandstats: every
 * script's microseconds); then transfers/s between shards (moveUnits, one caller
 * and 16). On a 2-core machine the three masters and this process share two
 * cores, so the wall-clock rate cannot grow with the shards: the per-master CPU
 * share is the figure that carries to a real cluster (docs/scaling.md).
 *
 *   BENCH_MS=3000 npm run bench:shards   # per case (default 3000)
 *   BENCH_PROCESSES=2                    # buyer processes of the second table (default: cores)
 */
import { cpus } from 'node:os';
import { Cluster, Redis } from 'ioredis';
import { ShardedSale } from '../../src/index.js';
import { saleContextOf } from '../../src/sale/sale-reference.js';
import { moveUnits } from '../../src/shards/transfer/move-units.js';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startRedisCluster } from '../../test/harness/redis-cluster.js';
import type { ShardsJob } from './child.js';
import { printTable } from '../print-table.js';
import { scriptMicros } from '../redis-cost.js';

const durationMs = Number(process.env['BENCH_MS'] ?? 3000);
const processes = Number(process.env['BENCH_PROCESSES'] ?? cpus().length);
const run = promisify(execFile);
const CALLERS = 256;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Total script microseconds on one master since its last RESETSTAT. */
async function scriptUsec(node: Redis): Promise<number> {
  return (await scriptMicros(node)).usec;
}

/** A table row: shards, decisions/s, each master's µs per decision (its share), their sum. */
function costRow(shards: number, rate: number, perDecision: readonly number[]): string[] {
  const total = perDecision.reduce((sum, us) => sum + us, 0);
  return [
    String(shards),
    fmt(rate),
    ...perDecision.map((us) => `${us.toFixed(2)} (${String(Math.round((100 * us) / total))} %)`),
    total.toFixed(2),
  ];
}

async function decisionsCase(ports: readonly number[], shardCount: number, run: number) {
  const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const masters = ports.map((port) => new Redis({ port }));
  const sale = new ShardedSale({
    redis: client,
    saleId: `hot-${String(run)}`,
    keyPrefix: 'bench:',
    shardCount,
  });
  await sale.preload({ stock: 1_000_000_000, perUserLimit: 1_000_000, holdMs: 600_000 });
  let next = 0;
  let decisions = 0;
  const caller = async (until: number): Promise<void> => {
    while (performance.now() < until) {
      await sale.tryPurchase(`user-${String(next++ % 1_000_000)}`);
      decisions++;
    }
  };
  const phase = async (ms: number): Promise<number> => {
    const until = performance.now() + ms;
    await Promise.all(Array.from({ length: CALLERS }, () => caller(until)));
    return decisions;
  };
  await phase(300); // warm-up: scripts loaded, JIT, connections
  await Promise.all(masters.map((node) => node.config('RESETSTAT')));
  decisions = 0;
  const started = performance.now();
  await phase(durationMs);
  const seconds = (performance.now() - started) / 1000;
  const usec = await Promise.all(masters.map(scriptUsec));
  for (const node of masters) node.disconnect();
  client.disconnect();
  return { rate: decisions / seconds, perDecision: usec.map((us) => us / decisions), seconds };
}

/** The same from `processes` buyer processes (child.ts), each with its own callers. */
async function processesCase(ports: readonly number[], shardCount: number, runIndex: number) {
  const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const masters = ports.map((port) => new Redis({ port }));
  const saleId = `crowd-${String(runIndex)}`;
  const sale = new ShardedSale({ redis: client, saleId, keyPrefix: 'bench:', shardCount });
  await sale.preload({ stock: 1_000_000_000, perUserLimit: 1_000_000, holdMs: 600_000 });
  await Promise.all(masters.map((node) => node.config('RESETSTAT')));
  const job: ShardsJob = { ports, saleId, shardCount, durationMs, callers: CALLERS };
  const script = fileURLToPath(new URL('./child.ts', import.meta.url));
  const reports = await Promise.all(
    Array.from({ length: processes }, async () => {
      const { stdout } = await run(process.execPath, [
        '--import',
        'tsx',
        script,
        JSON.stringify(job),
      ]);
      return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as {
        measured: number;
        total: number;
      };
    }),
  );
  const usec = await Promise.all(masters.map(scriptUsec));
  for (const node of masters) node.disconnect();
  client.disconnect();
  const total = reports.reduce((sum, report) => sum + report.total, 0);
  const measured = reports.reduce((sum, report) => sum + report.measured, 0);
  return { rate: measured / (durationMs / 1000), perDecision: usec.map((us) => us / total) };
}

async function transferCase(ports: readonly number[], concurrency: number, run: number) {
  const client = new Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
  const sale = new ShardedSale({
    redis: client,
    saleId: `moves-${String(run)}`,
    keyPrefix: 'bench:',
    shardCount: 3,
  });
  await sale.preload({ stock: 3_000_000_000 });
  const contexts = (await sale.shards()).map((shard) => saleContextOf(shard));
  let transfers = 0;
  const until = performance.now() + durationMs;
  const mover = async (offset: number): Promise<void> => {
    for (let turn = offset; performance.now() < until; turn++) {
      const from = contexts[turn % 3];
      const to = contexts[(turn + 1) % 3];
      if (from && to) await moveUnits(from, to, 'default', 16);
      transfers++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, index) => mover(index)));
  const rate = transfers / ((performance.now() - started) / 1000);
  client.disconnect();
  return rate;
}

async function main(): Promise<void> {
  const cluster = await startRedisCluster(3);
  try {
    console.log(
      `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; private 3-master cluster (ports ${cluster.ports.join(', ')}), no persistence`,
    );
    console.log(
      `each case: ${String(durationMs)} ms after a warm-up, ${String(CALLERS)} callers in this one process, every decision a hold (ample stock)\n`,
    );
    const rows: string[][] = [];
    for (const [run, shards] of [1, 3].entries()) {
      const { rate, perDecision } = await decisionsCase(cluster.ports, shards, run);
      rows.push(costRow(shards, rate, perDecision));
    }
    console.log(
      'one hot item: decisions/s, and Redis script CPU µs per decision on each master (share):',
    );
    printTable(['shards', 'decisions/s', 'master 1', 'master 2', 'master 3', 'all masters'], rows);
    const crowdRows: string[][] = [];
    for (const [run, shards] of [1, 3].entries()) {
      const { rate, perDecision } = await processesCase(cluster.ports, shards, run);
      crowdRows.push(costRow(shards, rate, perDecision));
    }
    console.log(
      `\nthe same from ${String(processes)} buyer processes × ${String(CALLERS)} callers each:`,
    );
    printTable(
      ['shards', 'decisions/s', 'master 1', 'master 2', 'master 3', 'all masters'],
      crowdRows,
    );
    const transferRows: string[][] = [];
    for (const [run, concurrency] of [1, 16].entries()) {
      transferRows.push([
        String(concurrency),
        fmt(await transferCase(cluster.ports, concurrency, run)),
      ]);
    }
    console.log(
      '\ntransfers between shards (take, give, settle: three script calls on two masters), 16 units each:',
    );
    printTable(['movers', 'transfers/s'], transferRows);
  } finally {
    await cluster.stop();
  }
}

await main();
