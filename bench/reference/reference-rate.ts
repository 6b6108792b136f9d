/**
 * The minimal coalesced reference, measured like tryPurchase (bench/purchase-rate.ts):
 * `concurrency` callers in one Node process, each awaiting its answer before asking
 * again, with ample stock and allowance so every decision holds a unit.
 */
import { Redis } from 'ioredis';
import { deleteKeys } from '../delete-keys.js';
import { ReferenceBatcher } from './reference-batcher.js';

let referenceCounter = 0;

/** A fresh reference "sale" on the server at `port`: its batcher, client and key prefix. */
export async function startReference(
  port: number,
  stock: number,
  perUserLimit: number,
): Promise<{ batcher: ReferenceBatcher; client: Redis; prefix: string }> {
  const client = new Redis({ port });
  const prefix = `bench:{ref-${String(process.pid)}-${String(referenceCounter++)}}:`;
  await client.set(`${prefix}stock`, String(stock));
  const batcher = new ReferenceBatcher(
    ReferenceBatcher.define(client),
    prefix,
    perUserLimit,
    600_000,
  );
  return { batcher, client, prefix };
}

/** Runs `durationMs` of reference holds and returns decisions/s. */
export async function measureReferenceRate(
  port: number,
  concurrency: number,
  durationMs: number,
): Promise<number> {
  const { batcher, client, prefix } = await startReference(port, 1_000_000_000, 1_000_000);
  let decisions = 0;
  let next = 0;
  const caller = async (until: number): Promise<void> => {
    while (performance.now() < until) {
      if ((await batcher.hold(`user-${String(next++ % 1_000_000)}`)) !== 1) {
        throw new Error('reference: a hold was refused with ample stock');
      }
      decisions++;
    }
  };
  const run = async (ms: number): Promise<void> => {
    const until = performance.now() + ms;
    await Promise.all(Array.from({ length: concurrency }, () => caller(until)));
  };
  await run(Math.min(300, durationMs / 4)); // warm-up: script load, JIT, connection
  decisions = 0;
  const started = performance.now();
  await run(durationMs);
  const rate = decisions / ((performance.now() - started) / 1000);
  await deleteKeys(client, `${prefix}*`);
  client.disconnect();
  return rate;
}
