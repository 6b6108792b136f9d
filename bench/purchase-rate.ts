/**
 * tryPurchase decisions per second from this one Node process, for one client
 * configuration and one concurrency level (that many callers, each awaiting its
 * answer before asking again, like request handlers).
 */
import { Redis } from 'ioredis';
import { FlashSale } from '../src/index.js';
import { deleteKeys } from './delete-keys.js';

/** One measured configuration. */
export interface RateCase {
  readonly autoPipelining: boolean;
  readonly maxBatchSize: number;
  readonly concurrency: number;
  /** The sale's outbox (PreloadRules.outbox); on when left out. */
  readonly outbox?: boolean;
}

/** What the bench needs of a FlashSale: this build's, or a baseline build's (BENCH_BASELINE). */
export interface BenchSale {
  preload(options: {
    stock: number;
    perUserLimit: number;
    holdMs: number;
    outbox?: boolean;
  }): Promise<unknown>;
  tryPurchase(userId: string): Promise<unknown>;
}

/** A FlashSale class: this build's, or one loaded from a baseline build. */
export type BenchSaleClass = new (options: {
  redis: Redis;
  saleId: string;
  keyPrefix: string;
  maxBatchSize: number;
  commandTimeoutMs?: number;
}) => BenchSale;

let saleCounter = 0;

/** Runs `durationMs` of purchases with ample stock (every decision reserves) and returns decisions/s. */
export async function measurePurchaseRate(
  port: number,
  rateCase: RateCase,
  durationMs: number,
  Sale: BenchSaleClass = FlashSale,
): Promise<number> {
  const client = new Redis({ port, enableAutoPipelining: rateCase.autoPipelining });
  const saleId = `bench-${String(process.pid)}-${String(saleCounter++)}`;
  const sale = new Sale({
    redis: client,
    saleId,
    keyPrefix: 'bench:',
    maxBatchSize: rateCase.maxBatchSize,
  });
  await sale.preload({
    stock: 1_000_000_000,
    perUserLimit: 1_000_000,
    holdMs: 600_000,
    ...(rateCase.outbox === false && { outbox: false }),
  });
  let decisions = 0;
  let next = 0;
  const caller = async (until: number): Promise<void> => {
    while (performance.now() < until) {
      await sale.tryPurchase(`user-${String(next++ % 1_000_000)}`);
      decisions++;
    }
  };
  const run = async (ms: number): Promise<void> => {
    const until = performance.now() + ms;
    await Promise.all(Array.from({ length: rateCase.concurrency }, () => caller(until)));
  };
  await run(Math.min(300, durationMs / 4)); // warm-up: script load, JIT, connection
  decisions = 0;
  const started = performance.now();
  await run(durationMs);
  const rate = decisions / ((performance.now() - started) / 1000);
  await deleteKeys(client, `bench:{${saleId}}:*`);
  client.disconnect();
  return rate;
}
