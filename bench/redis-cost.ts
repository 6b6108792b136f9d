/**
 * Redis CPU time per decision, read from Redis's own accounting (INFO
 * commandstats), which a busy machine disturbs far less than a rate: the purchase
 * script's microseconds divided by the decisions it made, for fresh buyers (every
 * decision reserves) and for the same buyers again (every decision is a refusal at
 * the per-user limit), in batches of up to 64 from 256 callers.
 */
import { Redis } from 'ioredis';
import { FlashSale } from '../src/index.js';
import type { BenchSaleClass } from './purchase-rate.js';
import { deleteKeys } from './delete-keys.js';

/** Microseconds of Redis CPU per decision (and per script call, when reserving). */
export interface RedisCost {
  readonly reserveUs: number;
  readonly refuseUs: number;
  /** usec_per_call of EVALSHA while reserving: one call decides up to 64. */
  readonly reserveCallUs: number;
}

let costCounter = 0;

/**
 * Script calls' total microseconds and calls (EVALSHA, and EVAL when a script
 * was not yet cached) on one server since its last RESETSTAT.
 */
export async function scriptMicros(client: Redis): Promise<{ usec: number; calls: number }> {
  const info = await client.info('commandstats');
  let usec = 0;
  let calls = 0;
  for (const match of info.matchAll(/cmdstat_(?:evalsha|eval):calls=(\d+),usec=(\d+)/g)) {
    calls += Number(match[1]);
    usec += Number(match[2]);
  }
  return { usec, calls };
}

/** Per decision and per call, `decisions` requests from 256 callers through `ask`. */
export async function costPhase(
  client: Redis,
  decisions: number,
  ask: (userId: string) => Promise<unknown>,
): Promise<{ perDecision: number; perCall: number }> {
  await client.config('RESETSTAT');
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < decisions) await ask(`buyer-${String(next++)}`);
  };
  await Promise.all(Array.from({ length: 256 }, caller));
  const { usec, calls } = await scriptMicros(client);
  return { perDecision: usec / decisions, perCall: usec / calls };
}

/** Measures both costs on a fresh sale of the server on `port`. */
export async function measureRedisCost(
  port: number,
  decisions: number,
  Sale: BenchSaleClass = FlashSale,
  outbox = true,
): Promise<RedisCost> {
  const client = new Redis({ port });
  const saleId = `cost-${String(process.pid)}-${String(costCounter++)}`;
  const sale = new Sale({ redis: client, saleId, keyPrefix: 'bench:', maxBatchSize: 64 });
  await sale.preload({
    stock: 1_000_000_000,
    perUserLimit: 1,
    holdMs: 600_000,
    ...(!outbox && { outbox: false }),
  });
  const ask = async (userId: string): Promise<unknown> => sale.tryPurchase(userId);
  try {
    const reserve = await costPhase(client, decisions, ask);
    const refuse = await costPhase(client, decisions, ask);
    return {
      reserveUs: reserve.perDecision,
      refuseUs: refuse.perDecision,
      reserveCallUs: reserve.perCall,
    };
  } finally {
    await deleteKeys(client, `bench:{${saleId}}:*`);
    client.disconnect();
  }
}
