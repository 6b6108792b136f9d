/**
 * npm run bench:worker-pool — many sales, one process: one OutboxWorkerPool
 * against one OutboxWorker per sale, side by side in the same run, on a private
 * redis-server (no persistence). Per delivery setup:
 * - connections: the most clients CLIENT LIST showed while it delivered, minus
 *   the bench's own (buyers' client, the watcher); the delivery side's own client counts;
 * - backlog drain: events/s delivered from a backlog of BENCH_BACKLOG events per sale;
 * - live: buyers make BENCH_RATE events/s spread over every sale for BENCH_LIVE_MS;
 *   lag = the age of the oldest event not yet delivered, sampled every 50 ms
 *   (p50, p99, max over the samples), and events/s delivered in that window.
 *
 *   BENCH_SALES=500 BENCH_WORKERS=500 BENCH_BACKLOG=20 BENCH_RATE=2000 BENCH_LIVE_MS=10000 \
 *     npm run bench:worker-pool
 */
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import {
  FlashSale,
  OutboxWorker,
  OutboxWorkerPool,
  type OrderEvent,
  type OrderSink,
  type SaleReference,
} from '../../src/index.js';
import { startRedisServer } from '../../test/harness/redis-server.js';
import { printTable } from '../print-table.js';
import { deleteKeys } from '../delete-keys.js';

const SALES = Number(process.env['BENCH_SALES'] ?? 500);
const WORKERS = Math.min(SALES, Number(process.env['BENCH_WORKERS'] ?? SALES));
const BACKLOG = Number(process.env['BENCH_BACKLOG'] ?? 20);
const RATE = Number(process.env['BENCH_RATE'] ?? 2_000);
const LIVE_MS = Number(process.env['BENCH_LIVE_MS'] ?? 10_000);
const SAMPLE_MS = 50;
/** Generous: the machine is shared, and a stall must not end the run. */
const TIMEOUT_MS = 30_000;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Something that delivers the outboxes of the given sales. */
interface Setup {
  readonly label: string;
  /** How many of the sales it serves (workers: BENCH_WORKERS). */
  readonly sales: number;
  readonly start: (
    sales: readonly SaleReference[],
    sink: OrderSink,
    onError: () => void,
  ) => () => Promise<void>;
}

const SETUPS: Setup[] = [
  {
    label: 'OutboxWorkerPool (defaults: 8 sales at a time, polls 10–250 ms)',
    sales: SALES,
    start: (sales, sink, onError) => {
      const pool = new OutboxWorkerPool({ sink, sales, onError });
      pool.start();
      return async () => pool.stop();
    },
  },
  {
    label: 'OutboxWorkerPool (maxPollIntervalMs 50)',
    sales: SALES,
    start: (sales, sink, onError) => {
      const pool = new OutboxWorkerPool({ sink, sales, maxPollIntervalMs: 50, onError });
      pool.start();
      return async () => pool.stop();
    },
  },
  {
    label: `${String(WORKERS)} × OutboxWorker (one per sale, defaults)`,
    sales: WORKERS,
    start: (sales, sink, onError) => {
      const workers = sales.map((sale) => new OutboxWorker({ sale, sink, onError }));
      for (const worker of workers) worker.start();
      return async () => {
        await Promise.all(workers.map(async (worker) => worker.stop()));
      };
    },
  },
];

/** Ids produced but not delivered, oldest first, with when the purchase answered. */
class Ledger {
  readonly undelivered = new Map<string, number>();
  private readonly early = new Set<string>();
  delivered = 0;

  produced(id: string, atMs: number): void {
    if (this.early.delete(id)) return; // delivered before the buyer heard back
    this.undelivered.set(id, atMs);
  }

  sink(): OrderSink {
    return {
      write: async (events: readonly OrderEvent[]) => {
        for (const event of events) {
          this.delivered += 1;
          if (!this.undelivered.delete(event.id)) this.early.add(event.id);
        }
        return Promise.resolve();
      },
    };
  }

  /** Age of the oldest undelivered event, 0 when none. */
  lagMs(nowMs: number): number {
    for (const atMs of this.undelivered.values()) return nowMs - atMs;
    return 0;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function connections(watcher: Redis): Promise<number> {
  return String(await watcher.client('LIST'))
    .split('\n')
    .filter(Boolean).length;
}

async function buy(sale: FlashSale, user: string, ledger: Ledger): Promise<void> {
  const result = await sale.tryPurchase(user);
  if (!result.ok) throw new Error(`bench purchase refused: ${result.reason}`);
  ledger.produced(`${result.reservation.id}/reserved`, Date.now());
}

async function measure(setup: Setup, port: number, run: number): Promise<string[]> {
  const buyers = new Redis({ port });
  const watcher = new Redis({ port });
  const delivery = new Redis({ port });
  const prefix = `bench:pool:${String(run)}:`;
  try {
    const sales = Array.from(
      { length: setup.sales },
      (_, index) =>
        new FlashSale({
          redis: buyers,
          saleId: `s${String(index)}`,
          keyPrefix: prefix,
          commandTimeoutMs: TIMEOUT_MS,
        }),
    );
    await Promise.all(
      sales.map(async (sale) => sale.preload({ stock: 1_000_000, perUserLimit: 1_000_000 })),
    );
    const references = sales.map((sale) => ({
      redis: delivery,
      saleId: sale.saleId,
      keyPrefix: prefix,
    }));
    const ledger = new Ledger();
    let user = 0;
    // the backlog: BACKLOG events per sale, before anything delivers
    for (let round = 0; round < BACKLOG; round++) {
      await Promise.all(sales.map(async (sale) => buy(sale, `u${String(user++)}`, ledger)));
    }
    await delivery.ping();
    const baseline = (await connections(watcher)) - 1; // the delivery client counts as used
    let most = 0;
    let errors = 0;
    const stop = setup.start(references, ledger.sink(), () => {
      errors += 1;
    });
    const backlog = ledger.undelivered.size;
    const drainStart = performance.now();
    while (ledger.undelivered.size > 0) {
      most = Math.max(most, await connections(watcher));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const drainRate = backlog / ((performance.now() - drainStart) / 1000);

    // live: RATE events/s over every sale, in ticks of 10 ms
    const lags: number[] = [];
    const sampler = setInterval(() => lags.push(ledger.lagMs(Date.now())), SAMPLE_MS);
    const deliveredBefore = ledger.delivered;
    const liveStart = performance.now();
    const inFlight: Promise<void>[] = [];
    let made = 0;
    let tick = 0;
    while (performance.now() - liveStart < LIVE_MS) {
      tick += 1;
      const due = Math.floor((RATE * (performance.now() - liveStart)) / 1000);
      for (; made < due; made++) {
        const sale = sales[Math.floor(Math.random() * sales.length)];
        if (sale !== undefined) inFlight.push(buy(sale, `u${String(user++)}`, ledger));
      }
      if (tick % 10 === 0) most = Math.max(most, await connections(watcher));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await Promise.all(inFlight);
    const liveRate =
      (ledger.delivered - deliveredBefore) / ((performance.now() - liveStart) / 1000);
    while (ledger.undelivered.size > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    clearInterval(sampler);
    await stop();
    lags.sort((a, b) => a - b);
    return [
      setup.label,
      String(setup.sales),
      String(most - baseline),
      `${fmt(drainRate)} (${fmt(backlog)} events)`,
      `${fmt(liveRate)} of ${fmt(made / (LIVE_MS / 1000))}`,
      `${fmt(percentile(lags, 50))} / ${fmt(percentile(lags, 99))} / ${fmt(lags.at(-1) ?? 0)}`,
      fmt(errors),
    ];
  } finally {
    await deleteKeys(buyers, `${prefix}*`);
    buyers.disconnect();
    watcher.disconnect();
    delivery.disconnect();
  }
}

async function main(): Promise<void> {
  const version = execFileSync('redis-server', ['--version']).toString().split(' ').slice(0, 3);
  console.log(
    `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${version.join(' ')}`,
  );
  console.log(
    `private redis-server (appendonly no); ${fmt(SALES)} sales; backlog ${String(BACKLOG)} events/sale; live ${fmt(RATE)} events/s for ${fmt(LIVE_MS)} ms; lag sampled every ${String(SAMPLE_MS)} ms; no-op sink\n`,
  );
  const server = await startRedisServer({ args: ['--appendonly', 'no', '--maxclients', '4096'] });
  const rows: string[][] = [];
  try {
    let run = 0;
    for (const setup of SETUPS) {
      const row = await measure(setup, server.port, run++);
      console.log(`  measured: ${row.join(' | ')}`);
      rows.push(row);
    }
  } finally {
    await server.stop();
  }
  printTable(
    [
      'delivery',
      'sales',
      'connections',
      'backlog drain, events/s',
      'live, events/s delivered',
      'lag p50 / p99 / max, ms',
      'errors (onError)',
    ],
    rows,
  );
}

await main();
