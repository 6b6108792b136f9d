/** The keys of one sale by role, plus all of them in script order. @internal */
export interface SaleKeys {
  readonly meta: string;
  readonly holds: string;
  readonly deadlines: string;
  readonly used: string;
  readonly userHolds: string;
  readonly idempotency: string;
  /** The outbox stream. */
  readonly events: string;
  /** All seven, in the order every sale script expects (src/scripts/lib/sale-keys.lua). */
  readonly all: readonly string[];
}

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
    used: `${tag}used`,
    userHolds: `${tag}user-holds`,
    idempotency: `${tag}idempotency`,
    events: `${tag}events`,
  };
  return { ...keys, all: Object.values(keys) };
}
