/** The keys of one sale by role, plus all of them in script order. @internal */
export interface SaleKeys {
  readonly meta: string;
  readonly holds: string;
  readonly deadlines: string;
  /** Each buyer's ledger: units held + sold, and reservation ids. */
  readonly users: string;
  readonly idempotency: string;
  /** The outbox stream. */
  readonly events: string;
  /** Released reservation ids, scored by when their record is dropped. */
  readonly ended: string;
  /**
   * The purchase rate limits' sorted set (src/sale/lua/lib/rate-limit.lua): only
   * the purchase script takes it, after the op key, so it is not in `all`.
   */
  readonly rate: string;
  /**
   * The hash of the units this sale, as one shard of a sharded sale, gave to or took
   * from other shards (src/sale/lua/lib/transfers.lua): only the transfer scripts
   * take it, after the sale's keys, so it is not in `all`.
   */
  readonly transfers: string;
  /** All seven, in the order every sale script expects (src/sale/lua/lib/sale-keys.lua). */
  readonly all: readonly string[];
  /** The key under which one mutating call keeps its answer for a re-sent copy. */
  readonly op: (token: string) => string;
  /**
   * The pub/sub channel (not a key) on which the scripts name the items that had
   * no units and have some again (src/sale/lua/lib/items.lua builds the same name
   * from the meta key).
   */
  readonly reopened: string;
}

/** How many keys every sale script takes. @internal */
export const SALE_KEY_COUNT = 7;

/**
 * Names the keys of one sale. They share the hash tag `{<saleId>}`, so a sale
 * lives in one Redis Cluster slot and every script can touch all of its keys.
 * User ids and idempotency keys never appear in key names: they are hash fields.
 * @internal
 */
export function saleKeys(prefix: string, saleId: string): SaleKeys {
  const tag = `${prefix}{${saleId}}:`;
  const keys = {
    meta: `${tag}meta`,
    holds: `${tag}holds`,
    deadlines: `${tag}deadlines`,
    users: `${tag}users`,
    idempotency: `${tag}idempotency`,
    events: `${tag}events`,
    ended: `${tag}ended`,
  };
  return {
    ...keys,
    all: Object.values(keys),
    rate: `${tag}rate`,
    transfers: `${tag}transfers`,
    op: (token) => `${tag}op:${token}`,
    reopened: `${tag}reopened`,
  };
}
