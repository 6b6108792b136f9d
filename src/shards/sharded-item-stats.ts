import type { ItemStats } from '../sale/status/item-stats.js';
import { at, type OpenedShards } from './opened-shards.js';
import { sumOverShards } from './sum-over-shards.js';
import { readMoves } from './transfer/shard-moves.js';

/**
 * One item's numbers summed over the shards of a sharded sale. Conservation
 * holds per item while no transfer moves:
 * `available + held + sold + inTransit === loaded + restocked - withdrawn`,
 * where restocked and withdrawn count only stock added to or taken from the
 * sale, not units moved between its shards.
 * @group Results
 * @category Sale
 */
export interface ShardedItemStats extends ItemStats {
  /** Units of the item taken from one shard and not yet given to another. */
  readonly inTransit: number;
}

/**
 * What {@link ShardedSale.itemStats} answers: each asked item's numbers summed
 * over the shards (`null` for an id the catalog does not have).
 * @group Results
 * @category Sale
 */
export interface ShardedItemStatsPage {
  /** The latest of the shards' Redis clocks when their numbers were read (Unix epoch ms). */
  readonly nowMs: number;
  /** In the order asked. */
  readonly items: readonly (ShardedItemStats | null)[];
}

/**
 * Each item's numbers summed over the shards: every shard's item numbers beside
 * its moves of those items ({@link readMoves}), at once. `ids` are checked item
 * ids; `loaded` is false when a shard is not loaded.
 * @internal
 */
export async function shardedItemStats(
  shards: OpenedShards,
  ids: readonly string[],
): Promise<ShardedItemStatsPage & { readonly loaded: boolean }> {
  const [pages, moves] = await Promise.all([
    Promise.all(shards.sales.map((sale) => sale.itemStats(ids))),
    readMoves(shards, 'itemStats', ids),
  ]);
  const items = ids.map((id, position): ShardedItemStats | null => {
    const first = at(pages, 0).items[position];
    if (!first) return null;
    const total = sumOverShards(
      pages.map((page) => page.items[position]),
      moves.shards.map((shard) => shard.sent[position] ?? 0),
      moves.shards.map((shard) => shard.received[position] ?? 0),
    );
    return {
      item: id,
      ...total,
      perUserLimit: first.perUserLimit,
      inTransit: moves.inTransit.get(id) ?? 0,
    };
  });
  return {
    nowMs: Math.max(...pages.map((page) => page.nowMs)),
    loaded: pages.every((page) => page.loaded),
    items,
  };
}
