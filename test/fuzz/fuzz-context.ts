/**
 * What the fuzz suites call into: a loaded sale on the run's real Redis with
 * holds in every state, a no-op sink, and cleanup of every key under the
 * suite's prefix.
 */
import type { Redis } from 'ioredis';
import { FlashSale, type OrderSink } from '../../src/index.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { mustReserve } from '../sale/purchase-helpers.js';

/** Everything an entry point's call needs. */
export interface FuzzContext {
  readonly client: Redis;
  readonly prefix: string;
  /** A loaded sale (stock plenty, limit 3, hours-long holds) the calls act on. */
  readonly sale: FlashSale;
  /** Reservation ids of `sale`: held ones, a sold one, a released one. */
  readonly ids: readonly string[];
  /** A sink that accepts everything. */
  readonly sink: OrderSink;
  /** A fresh sale id under the prefix (for first preloads). */
  freshSaleId(): string;
  /** Deletes every key under the prefix and closes the client. */
  close(): Promise<void>;
}

/** The sale id of {@link FuzzContext.sale}. */
export const FUZZ_SALE_ID = 'fz';

/** Opens a context on the run's standalone Redis. */
export async function openFuzzContext(label: string): Promise<FuzzContext> {
  const client = redisClient();
  const prefix = uniquePrefix(label);
  const sale = new FlashSale({ redis: client, saleId: FUZZ_SALE_ID, keyPrefix: prefix });
  await sale.preload({ stock: 100_000, perUserLimit: 3, holdMs: 3_600_000 });
  const held = [
    await mustReserve(sale, 'alice'),
    await mustReserve(sale, 'bob', 2),
    await mustReserve(sale, 'carol'),
  ];
  const sold = await mustReserve(sale, 'dave');
  await sale.confirm(sold.id);
  const released = await mustReserve(sale, 'erin');
  await sale.cancel(released.id);
  let sales = 0;
  return {
    client,
    prefix,
    sale,
    ids: [...held.map((r) => r.id), sold.id, released.id],
    sink: { write: async () => Promise.resolve() },
    freshSaleId: () => `p${String((sales += 1))}`,
    async close() {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      client.disconnect();
    },
  };
}
