/**
 * npm run bench:sold-out — what a sold-out sale costs.
 *
 * 1. Refusals per second from one process once the item is sold out: answered
 *    from memory (the default) beside every refusal asking Redis
 *    (`rememberSoldOut: false`), at 1 and 256 concurrent callers.
 * 2. The reopen delay: 4 processes buying a sold-out item; another process
 *    cancels a hold; from just before that cancel to each process's first
 *    purchase that asks Redis again (p50, p99, max over the rounds).
 *
 *   BENCH_MS=1500 BENCH_ROUNDS=200 npm run bench:sold-out
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { FlashSale, type Reservation } from '../../src/index.js';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { printTable } from '../print-table.js';

const durationMs = Number(process.env['BENCH_MS'] ?? 1500);
const rounds = Number(process.env['BENCH_ROUNDS'] ?? 200);
const LISTENERS = 4;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

async function refusalRate(
  port: number,
  remember: boolean,
  concurrency: number,
  label: string,
): Promise<number> {
  const client = new Redis({ port });
  const sale = new FlashSale({
    redis: client,
    saleId: `gone-${label}`,
    keyPrefix: 'bench:',
    rememberSoldOut: remember,
  });
  await sale.preload({ stock: 1 });
  await sale.tryPurchase('first');
  // the first sold_out opens the subscription; answers come from memory once it is confirmed
  for (let i = 0; i < 50; i++) {
    await sale.tryPurchase('warm');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  let refusals = 0;
  const until = performance.now() + durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      for (let i = 0; performance.now() < until; i++) {
        const result = await sale.tryPurchase(`u${String(caller)}-${String(i & 1023)}`);
        if (!result.ok) refusals++;
      }
    }),
  );
  const rate = refusals / ((performance.now() - started) / 1000);
  client.disconnect();
  return rate;
}

interface Listener {
  readonly child: ChildProcess;
  flagged: boolean;
  learnedAt: number | undefined;
}

function startListener(port: number, saleId: string, prefix: string, name: string): Listener {
  const script = fileURLToPath(new URL('./reopen-listener.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', script, String(port), saleId, prefix, name],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const listener: Listener = { child, flagged: false, learnedAt: undefined };
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (line === 'flagged') listener.flagged = true;
    else if (line.startsWith('learned ')) {
      listener.flagged = false;
      listener.learnedAt = Number(line.slice('learned '.length));
    }
  });
  return listener;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 30_000 && !condition(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function reopenDelays(port: number): Promise<number[]> {
  const client = new Redis({ port });
  const saleId = 'reopen';
  const sale = new FlashSale({ redis: client, saleId, keyPrefix: 'bench:' });
  await sale.preload({ stock: rounds, perUserLimit: rounds, holdMs: 3_600_000 });
  const holds: Reservation[] = [];
  for (let i = 0; i < rounds; i++) {
    const result = await sale.tryPurchase('owner');
    if (result.ok) holds.push(result.reservation);
  }
  const listeners = Array.from({ length: LISTENERS }, (_, i) =>
    startListener(port, saleId, 'bench:', `l${String(i)}`),
  );
  const delays: number[] = [];
  try {
    for (const hold of holds) {
      await until(() => listeners.every((l) => l.flagged), 'every process to answer from memory');
      for (const l of listeners) l.learnedAt = undefined;
      const cancelAt = performance.timeOrigin + performance.now();
      await sale.cancel(hold.id);
      await until(
        () => listeners.every((l) => l.learnedAt !== undefined),
        'every process to ask Redis again',
      );
      for (const l of listeners) delays.push(Math.max(0, (l.learnedAt ?? NaN) - cancelAt));
    }
  } finally {
    for (const l of listeners) l.child.stdin?.end();
    client.disconnect();
  }
  return delays;
}

async function main(): Promise<void> {
  const server = await startRedisServer({ args: ['--appendonly', 'no'] });
  try {
    console.log(
      `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; private redis-server on port ${String(server.port)}; ${String(durationMs)} ms per case\n`,
    );
    const rows: string[][] = [];
    for (const concurrency of [1, 256]) {
      const memory = await refusalRate(server.port, true, concurrency, `m${String(concurrency)}`);
      const redis = await refusalRate(server.port, false, concurrency, `r${String(concurrency)}`);
      rows.push([
        `c=${String(concurrency)}`,
        fmt(memory),
        fmt(redis),
        `${(memory / redis).toFixed(1)}×`,
      ]);
    }
    console.log('sold_out refusals per second, one process:');
    printTable(
      ['callers', 'from memory (default)', 'asking Redis (rememberSoldOut: false)', 'ratio'],
      rows,
    );

    const delays = (await reopenDelays(server.port)).sort((a, b) => a - b);
    console.log(
      `\nreopen delay, ${String(LISTENERS)} processes × ${String(rounds)} cancels (ms from just before the cancel to each process asking Redis again):`,
    );
    printTable(['p50', 'p99', 'max'], [[0.5, 0.99, 1].map((q) => quantile(delays, q).toFixed(2))]);
  } finally {
    await server.stop();
  }
}

await main();
