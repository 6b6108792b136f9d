import type { Cluster } from 'ioredis';
import type { RedisClient } from '../../shared/redis/redis-client.js';
import { callRedis } from '../../shared/redis/call-redis.js';
import { RedisCommandError } from '../../shared/errors/redis-errors.js';

/**
 * Most names tried per shard for one master. Each name lands on a given master
 * of M with chance 1/M, so the search ends after M names on average; 4096 fails
 * only for a cluster of well over a thousand masters.
 */
const MAX_TRIES = 4096;

/** The sale id of shard `index`, name `attempt` (the hash tag of its keys). */
function shardSaleId(saleId: string, index: number, attempt: number): string {
  return `${saleId}.s${String(index)}.${String(attempt)}`;
}

/** The longest id the shards of `count` may get (a sale id is at most 64 characters). @internal */
export function longestShardSaleId(saleId: string, count: number): string {
  return shardSaleId(saleId, count - 1, MAX_TRIES - 1);
}

/** One range of CLUSTER SLOTS: the slots `start`…`end` and their master's id. */
interface SlotRange {
  readonly start: number;
  readonly end: number;
  readonly master: string;
}

/** The cluster's slot ranges, as the server it asked sees them. */
async function slotRanges(client: Cluster, operation: string, timeoutMs: number) {
  const reply: unknown = await callRedis(operation, timeoutMs, client.cluster('SLOTS'));
  if (!Array.isArray(reply)) {
    throw new RedisCommandError(
      operation,
      `unexpected CLUSTER SLOTS reply ${JSON.stringify(reply)}`,
    );
  }
  return (reply as unknown[][]).map((range): SlotRange => {
    const [host, port, id] = (range[2] ?? []) as (string | number | undefined)[];
    return {
      start: Number(range[0]),
      end: Number(range[1]),
      // [host, port, id]: the id where the server gives one, else its address
      master: id === undefined ? `${String(host)}:${String(port)}` : String(id),
    };
  });
}

/**
 * The sale ids of a sharded sale's `count` shards. Each shard is a sale of its
 * own under its own hash tag, `<saleId>.s<index>.<attempt>`. On a Cluster, shard
 * i goes to master i mod M of the M masters ordered by the first slot each
 * serves: for each shard the names are tried in turn (`attempt` 0, 1, …, CLUSTER
 * KEYSLOT on the server, so Redis's own hashing decides) until one's slot is
 * served by that master, so N ≤ M shards land on N different masters. The ids are
 * then written once to the sale's directory (shard-directory.ts): a later change of
 * the cluster's layout moves slots, never renames a shard. On a single server every
 * shard is `<saleId>.s<index>.0`.
 * @internal
 */
export async function chooseShardIds(
  client: RedisClient,
  saleId: string,
  count: number,
  timeoutMs: number,
  operation = 'preload',
): Promise<string[]> {
  if (!client.isCluster) {
    return Array.from({ length: count }, (_, index) => shardSaleId(saleId, index, 0));
  }
  const cluster = client as Cluster;
  const ranges = await slotRanges(cluster, operation, timeoutMs);
  const firstSlot = new Map<string, number>();
  for (const { start, master } of ranges) {
    firstSlot.set(master, Math.min(firstSlot.get(master) ?? start, start));
  }
  const masters = [...firstSlot.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
  const owner = (slot: number): string | undefined =>
    ranges.find((range) => range.start <= slot && slot <= range.end)?.master;
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const target = masters[index % masters.length];
    let chosen: string | undefined;
    for (let attempt = 0; attempt < MAX_TRIES && chosen === undefined; attempt++) {
      const candidate = shardSaleId(saleId, index, attempt);
      const slot = await callRedis(
        operation,
        timeoutMs,
        cluster.cluster('KEYSLOT', `{${candidate}}`),
      );
      if (owner(slot) === target) chosen = candidate;
    }
    if (chosen === undefined) {
      throw new RedisCommandError(
        operation,
        `no shard name of ${saleId} lands on master ${String(target)}`,
      );
    }
    ids.push(chosen);
  }
  return ids;
}
