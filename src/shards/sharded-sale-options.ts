import type { FlashSaleOptions } from '../sale/flash-sale-options.js';

/**
 * Options of {@link ShardedSale}: those of {@link FlashSaleOptions}, which every
 * shard takes, and how the sale is split.
 * @group Options
 * @category Sale
 */
export interface ShardedSaleOptions extends FlashSaleOptions {
  /**
   * How many shards the sale's stock is split into, 1 to {@link MAX_SHARDS}: on a
   * Cluster of M masters, shard i is placed on master i mod M, so up to M shards
   * run on M different cores. Fixed for the sale's life once preloaded.
   */
  readonly shardCount: number;
  /**
   * Units a buyer's home shard asks of another shard when it has too few for a
   * purchase (at least the purchase's own quantity). Larger moves fewer times and
   * leaves the stock less even.
   * @defaultValue `16`
   */
  readonly rebalanceUnits?: number;
}

/**
 * Most shards of one sharded sale.
 * @group Options
 * @category Sale
 */
export const MAX_SHARDS = 64;

/**
 * Defaults of {@link ShardedSaleOptions}.
 * @group Options
 * @category Sale
 */
export const SHARDED_SALE_DEFAULTS = {
  /** {@inheritDoc ShardedSaleOptions.rebalanceUnits} */
  rebalanceUnits: 16,
} as const;
