import type { ItemStats } from '../sale/status/item-stats.js';
import { callRedis } from '../shared/redis/call-redis.js';
import { at, type OpenedShards } from './opened-shards.js';
import { decodeIds } from './transfer/transfer-records.js';
import { unitsInTransit } from './transfer/units-in-transit.js';

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
 * Each item's numbers summed over the shards, in the three rounds of sharded
 * stats (each sent to every shard at once): every shard's item numbers with its
 * transfer totals of those items and its open transfer ids, the open records,
 * and their arrival. `ids` are checked item ids; `loaded` is false when a shard
 * is not loaded.
 * @internal
 */
export async function shardedItemStats(
  shards: OpenedShards,
  ids: readonly string[],
): Promise<ShardedItemStatsPage & { readonly loaded: boolean }> {
  const fields = ['open', ...ids.flatMap((id) => [`sent:${id}`, `received:${id}`])];
  const [pages, moved] = await Promise.all([
    Promise.all(shards.sales.map((sale) => sale.itemStats(ids))),
    Promise.all(
      shards.contexts.map(async (context) =>
        callRedis(
          'itemStats',
          context.commandTimeoutMs,
          context.client.hmget(context.keys.transfers, ...fields),
        ),
      ),
    ),
  ]);
  const transit = await unitsInTransit(
    shards.byId,
    'itemStats',
    new Map(
      moved.map((values, index) => [at(shards.contexts, index).saleId, decodeIds(values[0])]),
    ),
  );
  const summed = ids.map((id, position): ShardedItemStats | null => {
    const first = at(pages, 0).items[position];
    if (!first) return null;
    const total = { loaded: 0, restocked: 0, withdrawn: 0, available: 0, held: 0, sold: 0 };
    pages.forEach((page, shard) => {
      const own = page.items[position];
      const values = at(moved, shard);
      // a shard books units it took from another as restocked, units it gave as withdrawn
      const sent = Number(values[1 + 2 * position] ?? 0);
      const received = Number(values[2 + 2 * position] ?? 0);
      total.loaded += own?.loaded ?? 0;
      total.restocked += (own?.restocked ?? 0) - received;
      total.withdrawn += (own?.withdrawn ?? 0) - sent;
      total.available += own?.available ?? 0;
      total.held += own?.held ?? 0;
      total.sold += own?.sold ?? 0;
    });
    return {
      item: id,
      ...total,
      perUserLimit: first.perUserLimit,
      inTransit: transit.get(id) ?? 0,
    };
  });
  return {
    nowMs: Math.max(...pages.map((page) => page.nowMs)),
    loaded: pages.every((page) => page.loaded),
    items: summed,
  };
}
