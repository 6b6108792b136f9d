/**
 * npm run bench — tryPurchase decisions per second from one Node process as a
 * share of a minimal coalesced reference (bench/reference/: the least a hold
 * needs, batched the same way), outbox on and off; side by side with
 * redis-benchmark running EVALSHA of the same script against the same
 * private server in the same run; then the cost of the diagnostics channels
 * (nobody listening, a no-op listener, the OpenTelemetry bridge; also alone:
 * npm run bench:diagnostics).
 *
 *   BENCH_MS=1500 npm run bench     # measurement window per case (default 1500)
 *   BENCH_BASELINE=../old/dist/index.js npm run bench
 *                                   # also measures that build's FlashSale, case by
 *                                   # case beside this one, against the same server
 */
import { cpus } from 'node:os';
import { execFileSync } from 'node:child_process';
import { startRedisServer } from '../test/harness/redis-server.js';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { measurePurchaseRate, type BenchSaleClass, type RateCase } from './purchase-rate.js';
import { printTable } from './print-table.js';
import { measureRedisBenchmark } from './redis-benchmark.js';
import { measureRedisCost, type RedisCost } from './redis-cost.js';
import { reportDiagnosticsCost } from './diagnostics/report.js';
import { measureReferenceRate } from './reference/reference-rate.js';
import { measureReferenceCost } from './reference/reference-cost.js';

const durationMs = Number(process.env['BENCH_MS'] ?? 1500);
const CONCURRENCY = [1, 16, 64, 256];
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const server = await startRedisServer({ args: ['--appendonly', 'no'] });
  try {
    console.log(
      `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${execFileSync('redis-server', ['--version']).toString().split(' ').slice(0, 3).join(' ')}`,
    );
    console.log(
      `each case: ${String(durationMs)} ms after a warm-up; private redis-server on port ${String(server.port)}, no persistence\n`,
    );

    await reportReferenceShare(server.port);

    const pipelined = await measureRedisBenchmark(server.port, {
      pipeline: 16,
      clients: 50,
      requests: 200_000,
    });
    const unpipelined = await measureRedisBenchmark(server.port, {
      pipeline: 1,
      clients: 50,
      requests: 100_000,
    });
    console.log(
      'redis-benchmark, EVALSHA of the purchase script, one decision per call, 50 clients:',
    );
    console.log(`  pipelined (-P 16):   ${fmt(pipelined)} decisions/s  (the 100 % mark below)`);
    console.log(`  unpipelined (-P 1):  ${fmt(unpipelined)} decisions/s\n`);

    const rows: string[][] = [];
    for (const maxBatchSize of [1, 64]) {
      for (const autoPipelining of [false, true]) {
        const row = [
          maxBatchSize === 1 ? 'off (1/call)' : `on (≤${String(maxBatchSize)}/call)`,
          autoPipelining ? 'on' : 'off',
        ];
        for (const concurrency of CONCURRENCY) {
          const rateCase: RateCase = { autoPipelining, maxBatchSize, concurrency };
          const rate = await measurePurchaseRate(server.port, rateCase, durationMs);
          row.push(`${fmt(rate)} (${String(Math.round((100 * rate) / pipelined))} %)`);
        }
        rows.push(row);
      }
    }
    console.log(
      'flash-sale tryPurchase from one Node process: decisions/s (% of redis-benchmark pipelined)',
    );
    printTable(
      ['coalescing', 'auto-pipelining', ...CONCURRENCY.map((c) => `c=${String(c)}`)],
      rows,
    );
    const baseline = process.env['BENCH_BASELINE'];
    if (baseline !== undefined) await compareWithBaseline(server.port, baseline);
    const costs: [string, RedisCost][] = [
      ['reference (bench/reference/hold.lua)', await measureReferenceCost(server.port, 20_000)],
      ['tryPurchase, outbox on', await measureRedisCost(server.port, 20_000)],
      ['tryPurchase, outbox off', await measureRedisCost(server.port, 20_000, undefined, false)],
    ];
    console.log(
      `\nRedis CPU (INFO commandstats, EVALSHA; batches ≤64, 256 callers, 20,000 decisions each):`,
    );
    printTable(
      ['script', 'µs per call (reserving)', 'µs per decision: reserve', 'refusal at the limit'],
      costs.map(([name, cost]) => [
        name,
        cost.reserveCallUs.toFixed(1),
        cost.reserveUs.toFixed(2),
        cost.refuseUs.toFixed(2),
      ]),
    );
    await reportDiagnosticsCost(server.port, durationMs);
  } finally {
    await server.stop();
  }
}

/**
 * The mark: tryPurchase (batches ≤64, auto-pipelining off) as a share of
 * the minimal coalesced reference, at each concurrency, outbox on and off. The
 * reference runs before and after the two tryPurchase cases and its mean is the
 * 100 %, so a machine that slows down during the row falls on both sides.
 */
async function reportReferenceShare(port: number): Promise<void> {
  const rows: string[][] = [];
  for (const concurrency of CONCURRENCY) {
    const first = await measureReferenceRate(port, concurrency, durationMs);
    const rateCase = { autoPipelining: false, maxBatchSize: 64, concurrency };
    const on = await measurePurchaseRate(port, rateCase, durationMs);
    const off = await measurePurchaseRate(port, { ...rateCase, outbox: false }, durationMs);
    const second = await measureReferenceRate(port, concurrency, durationMs);
    const reference = (first + second) / 2;
    const share = (rate: number): string => `${String(Math.round((100 * rate) / reference))} %`;
    rows.push([
      `c=${String(concurrency)}`,
      `${fmt(reference)} (${fmt(first)}, ${fmt(second)})`,
      fmt(on),
      share(on),
      fmt(off),
      share(off),
    ]);
  }
  console.log(
    'minimal coalesced reference (bench/reference/hold.lua: stock counter, per-user count, deadline;' +
      ' setImmediate batches ≤64) vs tryPurchase (batches ≤64), decisions/s from one Node process:',
  );
  printTable(
    ['callers', 'reference (mean of before, after)', 'outbox on', 'share', 'outbox off', 'share'],
    rows,
  );
  console.log('');
}

/**
 * Before and after in one run: the baseline build's tryPurchase and this one's,
 * alternating case by case (three rounds each) against the same private server,
 * so machine noise falls on both alike.
 */
async function compareWithBaseline(port: number, path: string): Promise<void> {
  const module = (await import(pathToFileURL(resolve(path)).href)) as {
    FlashSale: BenchSaleClass;
  };
  // BENCH_CURRENT: this build's bundle (npm run build) instead of its sources
  const current = process.env['BENCH_CURRENT'];
  const after =
    current === undefined
      ? undefined
      : ((await import(pathToFileURL(resolve(current)).href)) as { FlashSale: BenchSaleClass })
          .FlashSale;
  const rows: string[][] = [];
  for (const maxBatchSize of [1, 64]) {
    for (const concurrency of [16, 256]) {
      const rateCase: RateCase = { autoPipelining: false, maxBatchSize, concurrency };
      const before: number[] = [];
      const now: number[] = [];
      for (let round = 0; round < 3; round++) {
        before.push(await measurePurchaseRate(port, rateCase, durationMs, module.FlashSale));
        now.push(await measurePurchaseRate(port, rateCase, durationMs, after));
      }
      const median = (values: number[]): number =>
        [...values].sort((a, b) => a - b)[1] ?? Number.NaN;
      rows.push([
        maxBatchSize === 1 ? 'off (1/call)' : `on (≤${String(maxBatchSize)}/call)`,
        `c=${String(concurrency)}`,
        fmt(median(before)),
        fmt(median(now)),
        `${(((median(now) - median(before)) / median(before)) * 100).toFixed(1)} %`,
      ]);
    }
  }
  console.log(
    `\nbefore (${path}) and after (${current ?? 'this build'}), single-item tryPurchase, median of 3 alternating runs:`,
  );
  printTable(['coalescing', 'callers', 'before/s', 'after/s', 'change'], rows);
  const costs: [RedisCost, RedisCost][] = [];
  for (let round = 0; round < 3; round++) {
    costs.push([
      await measureRedisCost(port, 20_000, module.FlashSale),
      await measureRedisCost(port, 20_000, after),
    ]);
  }
  const mid = (values: number[]): string =>
    ([...values].sort((a, b) => a - b)[1] ?? Number.NaN).toFixed(2);
  console.log(
    `Redis CPU per decision, before → after (median of 3): reserve ${mid(costs.map((c) => c[0].reserveUs))} → ${mid(costs.map((c) => c[1].reserveUs))} µs, refusal ${mid(costs.map((c) => c[0].refuseUs))} → ${mid(costs.map((c) => c[1].refuseUs))} µs`,
  );
}

await main();
