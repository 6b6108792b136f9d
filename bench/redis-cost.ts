/**
 * Redis CPU time per decision, read from Redis's own accounting (INFO
 * commandstats), which a busy machine disturbs far less than a rate: the purchase
 * script's microseconds divided by the decisions it made, for fresh buyers (every
 * decision reserves) and for the same buyers again (every decision is a refusal at
 * the per-user limit), in batches of up to 64 from 256 callers.
 */
import { Redis } from 'ioredis';
import { FlashSale } from '../src/index.js';
import type { BenchSale, BenchSaleClass } from './purchase-rate.js';
import { deleteKeys } from './delete-keys.js';

/** Microseconds of Redis CPU per decision. */
export interface RedisCost {
  readonly reserveUs: number;
  readonly refuseUs: number;
}

let costCounter = 0;

async function scriptMicros(client: Redis): Promise<number> {
  const info = await client.info('commandstats');
  const line = info.split('\n').find((entry) => entry.startsWith('cmdstat_evalsha:'));
  return Number(/usec=(\d+)/.exec(line ?? '')?.[1] ?? 'NaN');
}

async function phase(client: Redis, sale: BenchSale, decisions: number): Promise<number> {
  await client.config('RESETSTAT');
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < decisions) await sale.tryPurchase(`buyer-${String(next++)}`);
  };
  await Promise.all(Array.from({ length: 256 }, caller));
  return (await scriptMicros(client)) / decisions;
}

/** Measures both costs on a fresh sale of the server on `port`. */
export async function measureRedisCost(
  port: number,
  decisions: number,
  Sale: BenchSaleClass = FlashSale,
): Promise<RedisCost> {
  const client = new Redis({ port });
  const saleId = `cost-${String(process.pid)}-${String(costCounter++)}`;
  const sale = new Sale({ redis: client, saleId, keyPrefix: 'bench:', maxBatchSize: 64 });
  await sale.preload({ stock: 1_000_000_000, perUserLimit: 1, holdMs: 600_000 });
  try {
    const reserveUs = await phase(client, sale, decisions);
    const refuseUs = await phase(client, sale, decisions);
    return { reserveUs, refuseUs };
  } finally {
    await deleteKeys(client, `bench:{${saleId}}:*`);
    client.disconnect();
  }
}
