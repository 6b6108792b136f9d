import {
  FlashSale,
  InvalidArgumentError,
  type FlashSaleOptions,
  type PreloadOptions,
  type RedisClient,
} from 'flash-sale';
import { createInMemoryRedis } from './in-memory-redis.js';
import { isPlainObject } from '../shared/options/plain-object.js';

/**
 * Options of {@link createTestSale}: those of {@link FlashSale}, all optional.
 * @group Options
 */
export type TestSaleOptions = Partial<Omit<FlashSaleOptions, 'redis' | 'saleId'>> & {
  /**
   * The client. Pass one {@link createInMemoryRedis} client to several sales (or
   * to a second `FlashSale` handle on the same sale) to let them share data.
   * @defaultValue a new {@link createInMemoryRedis} client
   */
  readonly redis?: RedisClient;
  /**
   * The sale's id.
   * @defaultValue `'test-sale'`
   */
  readonly saleId?: string;
};

/**
 * A sale preloaded with `preload`, on a new in-memory Redis unless `options.redis`
 * says otherwise: one line to get a sale a handler under test can sell from.
 *
 * @example
 * ```ts
 * const sale = await createTestSale({ stock: 1, perUserLimit: 1 });
 * expect((await sale.tryPurchase('alice')).ok).toBe(true);
 * expect(await sale.tryPurchase('bob')).toEqual({ ok: false, reason: 'sold_out' });
 * ```
 *
 * @param preload - the sale's stock and rules, as for {@link FlashSale.preload}
 * @param options - the client, sale id and any other {@link FlashSaleOptions}
 * @returns the loaded sale
 * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when `options` is not an
 *   object, or an option or preload setting is invalid (as for {@link FlashSale} and
 *   {@link FlashSale.preload})
 * @throws {@link index!SaleConflictError | SaleConflictError} when `options.redis` already
 *   holds this sale with other settings and `force` is not set
 * @throws {@link index!StockConflictError | StockConflictError} when a forced preload's
 *   `stock` is below the units already held or sold on `options.redis`
 * @throws {@link index!LimitConflictError | LimitConflictError} when a forced preload's
 *   `perUserLimit` is below what a buyer already holds or bought on `options.redis`
 * @throws {@link index!SaleDataError | SaleDataError} when a forced preload finds the sale's
 *   data on `options.redis` missing or malformed
 * @throws {@link index!UnsafeRedisConfigError | UnsafeRedisConfigError} when `options.redis`
 *   is a Redis server whose `maxmemory-policy` may evict keys and `allowEvictingRedis` is not
 *   set
 * @throws {@link index!RedisUnavailableError | RedisUnavailableError} when `options.redis`
 *   cannot be reached
 * @throws {@link index!RedisTimeoutError | RedisTimeoutError} when `options.redis` does not
 *   answer within `commandTimeoutMs`
 * @throws {@link index!RedisCommandError | RedisCommandError} when Redis answers with an
 *   error or an unexpected reply
 * @group Testing
 */
export async function createTestSale(
  preload: PreloadOptions,
  options: TestSaleOptions = {},
): Promise<FlashSale> {
  if (!isPlainObject(options)) {
    throw new InvalidArgumentError('options', options, 'an object');
  }
  const { redis, saleId, ...tuning } = options;
  const sale = new FlashSale({
    ...tuning,
    redis: redis ?? createInMemoryRedis(),
    saleId: saleId ?? 'test-sale',
  });
  await sale.preload(preload);
  return sale;
}
