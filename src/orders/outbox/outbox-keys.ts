import type { SaleKeys } from '../../sale/sale-keys.js';

/** The consumer group that delivers to the order sink unless told otherwise. @internal */
export const DEFAULT_GROUP = 'orders';

/**
 * The order pipeline's own keys of one sale and consumer group (each group keeps
 * its own delivery marks, attempts and dead letters). They sit beside the sale's keys under
 * the same hash tag (one Cluster slot), and expire with the sale's keys.
 * @internal
 */
export interface OutboxKeys {
  /** The outbox stream (the sale's `events` key). */
  readonly events: string;
  /** The sale's meta hash: its remaining lifetime is given to the keys below. */
  readonly meta: string;
  /** Hash: reservation id → `placed` (its `reserved` event was written) or `dead`. */
  readonly delivered: string;
  /** Hash: stream entry id → attempts started; `<id>:error` → the last failure. */
  readonly attempts: string;
  /** Stream: the dead letters. */
  readonly dead: string;
  /** Hash: dead letter id → `<call token> <outbox entry id>`, once re-driven (redrive-5.lua). */
  readonly redriven: string;
}

/** Names the pipeline's keys of `group` beside a sale's keys. @internal */
export function outboxKeys(keys: SaleKeys, group: string): OutboxKeys {
  // `…{<saleId>}:events` → `…{<saleId>}:outbox:…`: same prefix, same hash tag.
  const base = `${keys.events.slice(0, -'events'.length)}outbox:`;
  return {
    events: keys.events,
    meta: keys.meta,
    delivered: `${base}delivered:${group}`,
    attempts: `${base}attempts:${group}`,
    dead: `${base}dead:${group}`,
    redriven: `${base}redriven:${group}`,
  };
}
