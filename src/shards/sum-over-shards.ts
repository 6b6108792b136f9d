import type { ItemStats } from '../sale/status/item-stats.js';

/** The stock counters a sharded read sums (a sale's stats have the same). @internal */
export type StockCounters = Pick<
  ItemStats,
  'loaded' | 'restocked' | 'withdrawn' | 'available' | 'held' | 'sold'
>;

/**
 * The shards' counters summed, with the units moved between shards taken out:
 * a shard books units it took from another as restocked and units it gave as
 * withdrawn, which for the sale as a whole are neither. `sent[i]`/`received[i]`
 * are shard i's moves of the same scope as `counts[i]`.
 * @internal
 */
export function sumOverShards(
  counts: readonly (StockCounters | null | undefined)[],
  sent: readonly number[],
  received: readonly number[],
): StockCounters {
  const total = { loaded: 0, restocked: 0, withdrawn: 0, available: 0, held: 0, sold: 0 };
  counts.forEach((own, shard) => {
    total.loaded += own?.loaded ?? 0;
    total.restocked += (own?.restocked ?? 0) - (received[shard] ?? 0);
    total.withdrawn += (own?.withdrawn ?? 0) - (sent[shard] ?? 0);
    total.available += own?.available ?? 0;
    total.held += own?.held ?? 0;
    total.sold += own?.sold ?? 0;
  });
  return total;
}
