import { callRedis } from '../../shared/redis/call-redis.js';
import { at, type OpenedShards } from '../opened-shards.js';
import { decodeIds } from './transfer-records.js';
import { unitsInTransit } from './units-in-transit.js';

/** Units one shard gave to the other shards and took from them, per scope asked. @internal */
export interface ShardMoves {
  readonly sent: readonly number[];
  readonly received: readonly number[];
}

/** What a sharded read needs of the transfers between the shards. @internal */
export interface SaleMoves {
  /** Each shard's moves, in shard order. */
  readonly shards: readonly ShardMoves[];
  /** Units of each item taken from a shard and not yet given to another. */
  readonly inTransit: ReadonlyMap<string, number>;
}

/**
 * The moves between the shards, for sharded stats: one HMGET per shard of its
 * `sent`/`received` totals (of each of `items`, or over every item when none are
 * given) with its open transfer ids, then the two rounds of
 * {@link unitsInTransit}. Every round is sent to all shards at once, and the
 * cost follows the transfers open, not all ever made.
 * @internal
 */
export async function readMoves(
  shards: OpenedShards,
  operation: string,
  items?: readonly string[],
): Promise<SaleMoves> {
  // the fields 'sent'/'received' (every item) or 'sent:<item>'/'received:<item>'
  const scopes = items === undefined ? [''] : items.map((item) => `:${item}`);
  const totals = scopes.flatMap((scope) => [`sent${scope}`, `received${scope}`]);
  const replies = await Promise.all(
    shards.contexts.map(async (context) =>
      callRedis(
        operation,
        context.commandTimeoutMs,
        context.client.hmget(context.keys.transfers, 'open', ...totals),
      ),
    ),
  );
  const inTransit = await unitsInTransit(
    shards.byId,
    operation,
    new Map(
      replies.map((values, index) => [at(shards.contexts, index).saleId, decodeIds(values[0])]),
    ),
  );
  return {
    shards: replies.map((values) => ({
      sent: scopes.map((_, k) => Number(values[1 + 2 * k] ?? 0)),
      received: scopes.map((_, k) => Number(values[2 + 2 * k] ?? 0)),
    })),
    inTransit,
  };
}
