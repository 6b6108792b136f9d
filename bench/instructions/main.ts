/**
 * npm run bench:instructions — Redis instructions per purchase decision, counted
 * by callgrind inside EVALSHA: exact, and the same on a loaded machine. Four
 * phases on one sale (stock 2N): N fresh buyers reserve, the same N are refused
 * at their per-user limit, N more reserve, N more are refused as sold out; with
 * one request per script call (coalescing off) and with batches of up to 64; for a
 * sale with no end and for one that ends in an hour (whose keys expire: writes that
 * could create a key must then give it the sale's expiry).
 *
 *   BENCH_BASELINE=../old/dist/index.js npm run bench:instructions
 *                      # the same phases for that build, printed beside this one
 *   BENCH_DECISIONS=2000  # N per phase (default 2000; batch 1 uses N/4)
 *   BENCH_REFERENCE_ONLY=1  # only the comparison with the reference below
 *
 * Then the same count for the minimal coalesced reference (bench/reference/hold.lua)
 * beside tryPurchase with the outbox on and off, batches ≤64, each after 1,000
 * warm-up buyers (so that neither pays for its hashes' first, listpack-encoded
 * entries): the Redis side of npm run bench's share.
 */
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';
import { printTable } from '../print-table.js';
import type { BenchSaleClass } from '../purchase-rate.js';
import { startCallgrindRedis, type CallgrindRedis } from './callgrind-redis.js';
import { ReferenceBatcher } from '../reference/reference-batcher.js';

const decisions = Number(process.env['BENCH_DECISIONS'] ?? 2000);
const PHASES = ['reserve', 'refused at limit', 'reserve again', 'refused sold out'] as const;

async function measure(
  Sale: BenchSaleClass,
  maxBatchSize: number,
  ends: boolean,
): Promise<number[]> {
  const server = await startCallgrindRedis();
  const client = new Redis({ port: server.port, commandTimeout: 120_000 });
  try {
    const n = maxBatchSize === 1 ? Math.ceil(decisions / 4) : decisions;
    const sale = new Sale({
      redis: client,
      saleId: 'instructions',
      keyPrefix: 'bench:',
      maxBatchSize,
      commandTimeoutMs: 120_000, // callgrind runs Redis some 50 times slower
    });
    const endMs = ends ? Date.now() + 3_600_000 : undefined;
    await sale.preload({ stock: 2 * n, perUserLimit: 1, holdMs: 600_000, ...(endMs && { endMs }) });
    const phase = async (prefix: string): Promise<number> => {
      server.take();
      let next = 0;
      const caller = async (): Promise<void> => {
        while (next < n) await sale.tryPurchase(`${prefix}-${String(next++)}`);
      };
      await Promise.all(Array.from({ length: 256 }, caller));
      return server.take() / n;
    };
    return [await phase('a'), await phase('a'), await phase('b'), await phase('c')];
  } finally {
    client.disconnect();
    await server.stop();
  }
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Instructions per decision of `ask` for N fresh buyers, then for the same N again (refused at their limit of 1). */
async function reserveThenRefuse(
  server: CallgrindRedis,
  ask: (userId: string) => Promise<unknown>,
): Promise<[number, number]> {
  const run = async (prefix: string, count: number): Promise<void> => {
    let next = 0;
    const caller = async (): Promise<void> => {
      while (next < count) await ask(`${prefix}-${String(next++)}`);
    };
    await Promise.all(Array.from({ length: 256 }, caller));
  };
  await run('warm', 1000);
  server.take();
  await run('a', decisions);
  const reserve = server.take() / decisions;
  await run('a', decisions);
  return [reserve, server.take() / decisions];
}

/** The reference and tryPurchase (outbox on, off) on one callgrind server, batches ≤64. */
async function measureAgainstReference(): Promise<string[][]> {
  const server = await startCallgrindRedis();
  const client = new Redis({ port: server.port, commandTimeout: 120_000 });
  try {
    const prefix = 'bench:{reference}:';
    await client.set(`${prefix}stock`, '1000000000');
    const batcher = new ReferenceBatcher(ReferenceBatcher.define(client), prefix, 1, 600_000);
    const rows: [string, [number, number]][] = [
      ['reference (hold.lua)', await reserveThenRefuse(server, (u) => batcher.hold(u))],
    ];
    for (const outbox of [true, false]) {
      const sale = new FlashSale({
        redis: client,
        saleId: `instructions-${String(outbox)}`,
        keyPrefix: 'bench:',
        maxBatchSize: 64,
        commandTimeoutMs: 120_000,
      });
      await sale.preload({ stock: 1_000_000_000, perUserLimit: 1, holdMs: 600_000, outbox });
      rows.push([
        `tryPurchase, outbox ${outbox ? 'on' : 'off'}`,
        await reserveThenRefuse(server, (u) => sale.tryPurchase(u)),
      ]);
    }
    const [reference] = rows;
    return rows.map(([name, [reserve, refuse]]) => [
      name,
      fmt(reserve),
      `${(reserve / (reference?.[1][0] ?? Number.NaN)).toFixed(2)}×`,
      fmt(refuse),
      `${(refuse / (reference?.[1][1] ?? Number.NaN)).toFixed(2)}×`,
    ]);
  } finally {
    client.disconnect();
    await server.stop();
  }
}

async function main(): Promise<void> {
  const baselinePath = process.env['BENCH_BASELINE'];
  const baseline =
    baselinePath === undefined
      ? undefined
      : (
          (await import(pathToFileURL(resolve(baselinePath)).href)) as {
            FlashSale: BenchSaleClass;
          }
        ).FlashSale;
  console.log(
    `Redis instructions per decision inside EVALSHA (callgrind), ${String(decisions)} decisions per phase (batch 1: ${String(Math.ceil(decisions / 4))}), 256 callers`,
  );
  const rows: string[][] = [];
  for (const ends of process.env['BENCH_REFERENCE_ONLY'] === '1' ? [] : [false, true]) {
    for (const maxBatchSize of [1, 64]) {
      const now = await measure(FlashSale, maxBatchSize, ends);
      const before =
        baseline === undefined ? undefined : await measure(baseline, maxBatchSize, ends);
      PHASES.forEach((name, i) => {
        const after = now[i] ?? Number.NaN;
        const row = [
          ends ? 'ends in 1 h' : 'no end',
          maxBatchSize === 1 ? '1/call' : '≤64/call',
          name,
        ];
        if (before !== undefined) {
          const old = before[i] ?? Number.NaN;
          row.push(fmt(old), fmt(after), `${(((after - old) / old) * 100).toFixed(1)} %`);
        } else {
          row.push(fmt(after));
        }
        rows.push(row);
      });
    }
  }
  if (rows.length > 0) {
    printTable(
      baseline === undefined
        ? ['sale', 'batch', 'phase', 'instructions']
        : ['sale', 'batch', 'phase', `before (${String(baselinePath)})`, 'after', 'change'],
      rows,
    );
  }
  console.log(
    `\nagainst the minimal coalesced reference, batches ≤64, ${String(decisions)} decisions per phase after 1,000 warm-up buyers:`,
  );
  printTable(
    ['script', 'reserve', 'vs reference', 'refused at limit', 'vs reference'],
    await measureAgainstReference(),
  );
}

await main();
