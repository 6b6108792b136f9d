/**
 * npm run bench:crowd — many processes, one sale, one private Redis.
 *
 * 1. The seeds' sale: CROWD_PROCS processes (each its own FlashSale on its own
 *    connection) with CROWD_CALLERS concurrent callers each fire 40,000 purchase
 *    attempts by 20,000 buyers at 1,000 units (at most 1 each), as fast as they
 *    are answered; decisions/s, tryPurchase latency, Redis CPU per decision, and
 *    the outcome checked exactly (exit code 1 when it breaks a rule). Then the
 *    crowd keeps buying the sold-out sale: refusals/s with the sold-out memory on
 *    (the default) and off (`rememberSoldOut: false`).
 * 2. Overload, open loop: capacity measured first (closed loop, stock to spare),
 *    then each process offers its share of 1× and 10× that on a fixed schedule
 *    for CROWD_MS, with shedding off and on (`maxPendingPurchases` 64, 1024 and
 *    the default 4096):
 *    offered, admitted (answered by Redis) and shed (`busy`) per second, and the
 *    latency of admitted purchases from their scheduled send time.
 *
 *   CROWD_PROCS=4 CROWD_CALLERS=256 CROWD_MS=2000 CROWD_DRAIN_MS=3000 npm run bench:crowd
 */
import { Redis } from 'ioredis';
import { FLASH_SALE_DEFAULTS, FlashSale } from '../../src/index.js';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { printTable } from '../print-table.js';
import { count, latencyCells, micros } from './format.js';
import { describeMachine } from './machine.js';
import { runOverload } from './overload.js';
import { startCrowd } from './processes.js';
import type { SaleSpec } from './protocol.js';
import type { RedisCpu } from './redis-cpu.js';
import { ATTEMPTS, BUYERS, UNITS, runSeedsWorkload } from './seeds-workload.js';
import { runTimedClosedLoop } from './timed-closed-loop.js';

const procs = Number(process.env['CROWD_PROCS'] ?? 4);
const callers = Number(process.env['CROWD_CALLERS'] ?? 256);
const windowMs = Number(process.env['CROWD_MS'] ?? 2000);
const drainMs = Number(process.env['CROWD_DRAIN_MS'] ?? 3000);
const SHEDDING_BOUNDS = [64, 1024, FLASH_SALE_DEFAULTS.maxPendingPurchases];
// the latency columns every table shares
const LATENCY_COLUMNS = ['p50 ms', 'p99 ms', 'max ms'];

const perDecision = (cpu: RedisCpu, decisions: number): string[] => [
  micros(cpu.scriptUs / decisions),
  micros(cpu.serverUs / decisions),
];

async function preloadPlenty(redis: Redis, saleId: string): Promise<void> {
  await new FlashSale({ redis, saleId, keyPrefix: 'crowd:' }).preload({
    stock: 10_000_000,
    perUserLimit: 1,
    holdMs: 3_600_000,
  });
}

async function main(): Promise<void> {
  const server = await startRedisServer({ args: ['--appendonly', 'no'] });
  const redis = new Redis({ port: server.port });
  const crowd = await startCrowd(server.port, procs);
  let failed = false;
  try {
    console.log(describeMachine());
    console.log(
      `private redis-server on port ${String(server.port)}, no persistence; ${String(procs)} processes × ${String(callers)} concurrent callers (closed loops); timed phases ${String(windowMs)} ms`,
    );
    console.log(
      'Redis µs per decision: "script" = INFO commandstats usec of the purchase script (wall time inside it, so on a busy machine it includes time Redis was descheduled), "CPU" = INFO cpu used_cpu_user + used_cpu_sys delta (the whole server: parsing, replies, sockets); both over every decision of the phase, warm-up included\n',
    );

    const seeds = await runSeedsWorkload(redis, crowd, 'seeds', callers);
    console.log(
      `1. the seeds' sale: ${count(ATTEMPTS)} attempts by ${count(BUYERS)} buyers for ${count(UNITS)} units, at most 1 each`,
    );
    printTable(
      [
        'decisions/s',
        ...LATENCY_COLUMNS,
        'Redis script µs/decision',
        'Redis CPU µs/decision',
        'reserved',
        'sold_out',
        'limit_reached',
        'check',
      ],
      [
        [
          count(seeds.decisionsPerS),
          ...latencyCells(seeds.latency),
          ...perDecision(seeds.cpu, seeds.decisions),
          count(seeds.reserved),
          count(seeds.reasons['sold_out'] ?? 0),
          count(seeds.reasons['limit_reached'] ?? 0),
          seeds.violations.length === 0 ? 'exact' : 'VIOLATED',
        ],
      ],
    );
    for (const violation of seeds.violations.slice(0, 20)) console.log(`  VIOLATION: ${violation}`);
    failed ||= seeds.violations.length > 0;

    const soldOutRows: string[][] = [];
    for (const remember of [true, false]) {
      const sale: SaleSpec = {
        saleId: 'seeds',
        keyPrefix: 'crowd:',
        rememberSoldOut: remember,
        maxPendingPurchases: null,
      };
      const run = await runTimedClosedLoop(redis, crowd, sale, {
        callers,
        durationMs: windowMs,
        warmupMs: 300,
        tag: remember ? 'late-m' : 'late-r',
      });
      const refusals = run.reasons['sold_out'] ?? 0;
      if (refusals !== run.decisions || run.errors > 0) {
        console.log(
          `  VIOLATION: after sell-out ${String(run.decisions - refusals)} answers were not sold_out, ${String(run.errors)} errors`,
        );
        failed = true;
      }
      soldOutRows.push([
        remember ? 'on (default)' : 'off (rememberSoldOut: false)',
        count(run.decisionsPerS),
        ...latencyCells(run.latency),
        ...perDecision(run.cpu, run.allDecisions),
        count(run.cpu.scriptCalls),
      ]);
    }
    console.log('\n   after sell-out, the crowd keeps buying (every answer sold_out):');
    printTable(
      [
        'sold-out memory',
        'refusals/s',
        ...LATENCY_COLUMNS,
        'Redis script µs/refusal',
        'Redis CPU µs/refusal',
        'script calls',
      ],
      soldOutRows,
    );

    await preloadPlenty(redis, 'capacity');
    const capacity = await runTimedClosedLoop(
      redis,
      crowd,
      { saleId: 'capacity', keyPrefix: 'crowd:', rememberSoldOut: true, maxPendingPurchases: null },
      { callers, durationMs: windowMs, warmupMs: 500, tag: 'cap' },
    );
    failed ||= capacity.errors > 0;
    console.log(
      `\n2. overload. capacity: closed loop, stock to spare, every decision reserves (${String(procs)} × ${String(callers)} callers):`,
    );
    printTable(
      [
        'decisions/s',
        ...LATENCY_COLUMNS,
        'Redis script µs/decision',
        'Redis CPU µs/decision',
        'errors',
      ],
      [
        [
          count(capacity.decisionsPerS),
          ...latencyCells(capacity.latency),
          ...perDecision(capacity.cpu, capacity.allDecisions),
          count(capacity.errors),
        ],
      ],
    );

    const bounds: (number | null)[] = [null, ...SHEDDING_BOUNDS];
    const rows: string[][] = [];
    let sale = 0;
    for (const load of [1, 10]) {
      for (const bound of bounds) {
        const saleId = `open-${String(sale++)}`;
        await preloadPlenty(redis, saleId);
        const row = await runOverload(
          crowd,
          { saleId, keyPrefix: 'crowd:', rememberSoldOut: true, maxPendingPurchases: bound },
          load * capacity.decisionsPerS,
          windowMs,
          drainMs,
        );
        rows.push([
          `${String(load)}× (${count(load * capacity.decisionsPerS)}/s)`,
          bound === null ? 'off' : `on (≤${String(bound)})`,
          count(row.offeredPerS),
          count(row.admittedPerS),
          count(row.shedPerS),
          ...latencyCells(row.latency),
          count(row.unanswered),
          count(row.errors),
          row.maxSendLagMs.toFixed(0),
        ]);
        if (row.firstErrors.length > 0)
          console.log(
            `  errors at ${String(load)}×, shedding ${bound === null ? 'off' : String(bound)}: ${row.firstErrors.join('; ')}`,
          );
      }
    }
    console.log(
      `\n   open loop: each process offers its share on a fixed schedule for ${String(windowMs)} ms, not waiting for answers; answers awaited ${String(drainMs)} ms more. admitted = answered by Redis within the window; latency of admitted purchases from their scheduled send (unanswered ones at the cut-off count at their age then)`,
    );
    printTable(
      [
        'offered load',
        'shedding',
        'offered/s',
        'admitted/s',
        'shed/s',
        ...LATENCY_COLUMNS,
        'unanswered at cut-off',
        'errors',
        'max send lag ms',
      ],
      rows,
    );
  } finally {
    await crowd.stop();
    redis.disconnect();
    await server.stop();
  }
  if (failed) {
    console.log('\nFAILED: the outcome broke a rule (see VIOLATION lines)');
    process.exitCode = 1;
  }
}

await main();
