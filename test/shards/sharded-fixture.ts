/** A sharded sale on one backend under its own key prefix, and its shards' raw keys. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ShardedSale, type ShardedSaleOptions } from '../../src/index.js';
import { saleKeys, type SaleKeys } from '../../src/sale/sale-keys.js';
import { clientFor, uniquePrefix, type AnyClient, type Backend } from '../harness/clients.js';

/** What a test gets from {@link openSharded}. */
export interface ShardedFixture {
  readonly sale: ShardedSale;
  readonly client: AnyClient;
  readonly prefix: string;
  /** The sale's directory key. */
  readonly directory: string;
  /** Each shard's keys, in shard order (after preload). */
  shardKeys(): Promise<SaleKeys[]>;
  /** Another instance of the same sale (another process's view) on the same client. */
  another(options?: Partial<ShardedSaleOptions>): ShardedSale;
  close(): Promise<void>;
}

/** Opens a sale of `shardCount` shards named `saleId` under a unique prefix on `backend`. */
export function openSharded(
  backend: Backend,
  shardCount: number,
  options: Partial<Omit<ShardedSaleOptions, 'redis' | 'keyPrefix' | 'shardCount'>> = {},
  saleId = 'hot',
): ShardedFixture {
  const client = clientFor(backend);
  const prefix = uniquePrefix(saleId);
  const make = (more: Partial<ShardedSaleOptions> = {}): ShardedSale =>
    new ShardedSale({ redis: client, saleId, keyPrefix: prefix, shardCount, ...options, ...more });
  const sale = make();
  const directory = `${prefix}{${saleId}}:shards`;
  const shardKeys = async (): Promise<SaleKeys[]> =>
    (await sale.shards()).map((shard) => saleKeys(prefix, shard.saleId));
  return {
    sale,
    client,
    prefix,
    directory,
    shardKeys,
    another: make,
    async close() {
      const loaded = (await client.exists(directory)) === 1;
      if (loaded) {
        for (const keys of await shardKeys())
          await client.del(...keys.all, keys.rate, keys.transfers);
      }
      await client.del(directory);
      client.disconnect();
    },
  };
}

/** `count` user ids whose home shard is `shard` of `shardCount`. */
export function usersHomedOn(
  shard: number,
  shardCount: number,
  count: number,
  homeOf: (userId: string, shardCount: number) => number,
): string[] {
  const users: string[] = [];
  for (let n = 0; users.length < count; n++) {
    const user = `user-${String(n)}`;
    if (homeOf(user, shardCount) === shard) users.push(user);
  }
  return users;
}

/** Buys for `userId` until it succeeds (units came back); fails after `attempts`, 10 ms apart. */
export async function untilReserved(
  sale: ShardedSale,
  userId: string,
  attempts = 1000,
): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if ((await sale.tryPurchase(userId)).ok) return attempt;
    await sleep(10);
  }
  throw new Error(`${userId} could not buy after ${String(attempts)} attempts`);
}
