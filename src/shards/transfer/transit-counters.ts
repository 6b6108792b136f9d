import type { SaleContext } from '../../sale/sale-context.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { decodeIds } from './transfer-records.js';

/**
 * One shard's transfer state for one item (src/sale/lua/lib/transfers.lua):
 * `open`, the ids of its transfers out that are not yet settled (in transit, or
 * arrived and about to settle); `received`, the units it ever took in, which
 * only grows.
 * @internal
 */
export interface TransitCounters {
  readonly open: readonly string[];
  readonly received: number;
}

/**
 * Every shard's counters for `item`, in shard order: one HMGET per shard, sent
 * together (on a Cluster, to each master at once).
 * @internal
 */
export async function readTransitCounters(
  shards: readonly SaleContext[],
  item: string,
  operation: string,
): Promise<TransitCounters[]> {
  return Promise.all(
    shards.map(async (shard) => {
      const [open, received] = await callRedis(
        operation,
        shard.commandTimeoutMs,
        shard.client.hmget(shard.keys.transfers, `open:${item}`, `received:${item}`),
      );
      return {
        open: decodeIds(open),
        received: Number(received ?? 0),
      };
    }),
  );
}

/**
 * Whether no transfer of the item was open at either read and none arrived
 * between them: then no unit of it was in transit at any moment in between. (A
 * transfer taken after `before` is still open at `after`, or it has settled and
 * so raised its destination's `received` first.)
 * @internal
 */
export function quietBetween(
  before: readonly TransitCounters[],
  after: readonly TransitCounters[],
): boolean {
  return after.every((counter, index) => {
    const earlier = before[index];
    return (
      earlier !== undefined &&
      counter.open.length === 0 &&
      earlier.open.length === 0 &&
      earlier.received === counter.received
    );
  });
}
