import type { OrderEventType } from '../outbox/order-event.js';
import type { StoredOrderState } from './stored-order.js';

/**
 * Options of {@link reconcileSale}.
 * @group Options
 * @category Order pipeline
 */
export interface ReconcileOptions {
  /**
   * Reservations read per HSCAN of the sale's records, and ids per
   * {@link OrderSink.lookup} call (and the page size asked of
   * {@link OrderSink.exportOrders}), 1 to 1000.
   * @defaultValue `200`
   */
  readonly pageSize?: number;
  /**
   * Re-emit the events the store is missing, through the sale's outbox. `false`
   * only reports.
   * @defaultValue `true`
   */
  readonly repair?: boolean;
  /**
   * Also walk the store's own orders ({@link OrderSink.exportOrders}, when the sink
   * has it) to find live orders Redis holds no record of (`orphan`).
   * @defaultValue `true`
   */
  readonly checkStore?: boolean;
  /**
   * Time limit of each store call (a lookup, an export page), in milliseconds; past
   * it the call's signal is aborted and the reconcile rejects with
   * {@link OrderSinkTimeoutError}.
   * @defaultValue `30000`
   */
  readonly storeTimeoutMs?: number;
}

/**
 * The kinds of drift {@link reconcileSale} finds between Redis and the store:
 * - `missing`: Redis has the reservation (held, sold or released), the store has no
 *   order for it. Repaired: its `reserved` event and its ending event are re-emitted.
 * - `stale`: the store still says `reserved` while Redis has sold or released the
 *   hold. Repaired: the ending event is re-emitted.
 * - `conflict`: the store says a state Redis never reached for this reservation
 *   (paid in the store but released in Redis; released in the store but held or
 *   sold in Redis; …). Not repaired: settle by hand.
 * - `orphan`: the store has a live order (`reserved` or `confirmed`) whose record
 *   Redis does not hold (Redis lost it, or the released record was dropped before
 *   the store saw the release). Not repaired; {@link recoverSale} rebuilds a sale
 *   Redis lost.
 * @group Results
 * @category Order pipeline
 */
export type DriftKind = 'missing' | 'stale' | 'conflict' | 'orphan';

/**
 * A reservation's state in Redis as reconcile compares it: the record's state,
 * with the reason of a release (`held`, `sold`, `cancelled`, `expired`, `failed`).
 * @group Results
 * @category Order pipeline
 */
export type RedisOrderState = 'held' | 'sold' | 'cancelled' | 'expired' | 'failed';

/**
 * Why a drift was not repaired:
 * - `conflict`, `orphan`: reconcile cannot decide (see {@link DriftKind});
 * - `report_only`: the call had `repair: false`;
 * - `outbox_off`: the sale was preloaded with `outbox: false`, so no event can be
 *   re-emitted;
 * - `changed`: the record changed (or went) between the read and the repair; the
 *   next reconcile looks again.
 * @group Results
 * @category Order pipeline
 */
export type UnrepairedReason = 'conflict' | 'orphan' | 'report_only' | 'outbox_off' | 'changed';

/**
 * One reservation on which Redis and the store disagree.
 * @group Results
 * @category Order pipeline
 */
export interface Drift {
  /** What kind of disagreement. */
  readonly kind: DriftKind;
  /** The reservation. */
  readonly reservationId: string;
  /** Its state in Redis, or `null` when Redis holds no record of it. */
  readonly redisState: RedisOrderState | null;
  /** Its state in the store, or `null` when the store has no order for it. */
  readonly storeState: StoredOrderState | null;
}

/**
 * A drift repaired: these events were appended to the sale's outbox again, for the
 * {@link OutboxWorker} to deliver (under their usual ids).
 * @group Results
 * @category Order pipeline
 */
export interface RepairedDrift extends Drift {
  /** The events re-emitted, in order. */
  readonly events: readonly OrderEventType[];
}

/**
 * A drift left as it was, and why.
 * @group Results
 * @category Order pipeline
 */
export interface UnrepairedDrift extends Drift {
  /** Why it was not repaired. */
  readonly reason: UnrepairedReason;
}

/**
 * What one {@link reconcileSale} call found and did.
 * @group Results
 * @category Order pipeline
 */
export interface ReconcileResult {
  /**
   * Reservation records of the sale compared with the store (a record HSCAN returns
   * twice, when Redis rehashes the hash during the walk, counts twice).
   */
  readonly scanned: number;
  /**
   * Orders of the store walked for orphans, or `null` when that pass did not run
   * (the sink has no `exportOrders`, or `checkStore: false`).
   */
  readonly storeScanned: number | null;
  /**
   * Reservations that looked drifted but have an event still in the outbox stream
   * (on its way to the store, or delivered and not yet trimmed): left to the
   * pipeline, not counted as drift.
   */
  readonly inFlight: number;
  /** Drifts found, by kind (repaired or not). */
  readonly counts: Readonly<Record<DriftKind, number>>;
  /** The drifts repaired, with the events re-emitted. */
  readonly repaired: readonly RepairedDrift[];
  /** The drifts not repaired, with the reason. */
  readonly unrepaired: readonly UnrepairedDrift[];
}
