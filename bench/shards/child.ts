/**
 * One buyer process of bench:shards: argv is a JSON job; it runs 256 callers on
 * the sharded sale for a warm-up and then the measured window, and prints one
 * JSON line { measured, total } (decisions in the window, and in all).
 */
import { Cluster } from 'ioredis';
import { ShardedSale } from '../../src/index.js';

/** What the parent passes. */
export interface ShardsJob {
  readonly ports: readonly number[];
  readonly saleId: string;
  readonly shardCount: number;
  readonly durationMs: number;
  readonly callers: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as ShardsJob;
const client = new Cluster(job.ports.map((port) => ({ host: '127.0.0.1', port })));
const sale = new ShardedSale({
  redis: client,
  saleId: job.saleId,
  keyPrefix: 'bench:',
  shardCount: job.shardCount,
});
let next = 0;
let decisions = 0;
const phase = async (ms: number): Promise<void> => {
  const until = performance.now() + ms;
  await Promise.all(
    Array.from({ length: job.callers }, async () => {
      while (performance.now() < until) {
        await sale.tryPurchase(`p${String(process.pid)}-${String(next++ % 1_000_000)}`);
        decisions++;
      }
    }),
  );
};
await phase(300);
const warm = decisions;
await phase(job.durationMs);
console.log(JSON.stringify({ measured: decisions - warm, total: decisions }));
client.disconnect();
