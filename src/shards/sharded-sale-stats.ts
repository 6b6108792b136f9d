import type { SaleStats } from '../sale/status/sale-stats.js';

/**
 * A sharded sale's counters, summed over its shards, read shard by shard (so
 * exact while nothing moves): `available + held + sold + inTransit = loaded +
 * restocked - withdrawn`, where restocked and withdrawn count only stock added to
 * or taken from the sale, not units moved between its shards.
 * @group Results
 * @category Sale
 */
export interface ShardedSaleStats {
  /** The sharded sale's id. */
  readonly saleId: string;
  /** Units loaded by preload, over every shard. */
  readonly loaded: number;
  /** Units added by restock. */
  readonly restocked: number;
  /** Units withdrawn by restock. */
  readonly withdrawn: number;
  /** Units for sale now. */
  readonly available: number;
  /** Units in holds awaiting payment. */
  readonly held: number;
  /** Units sold (confirmed holds). */
  readonly sold: number;
  /** Units taken from one shard and not yet given to another (a transfer cut off midway). */
  readonly inTransit: number;
  /** Each shard's own stats, in shard order (its counters include the units it gave and took). */
  readonly shards: readonly SaleStats[];
}
