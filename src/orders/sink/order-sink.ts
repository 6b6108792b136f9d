import type { OrderEvent } from '../outbox/order-event.js';
import type {
  OrderStoreContext,
  StoredOrder,
  StoredOrderState,
} from '../reconcile/stored-order.js';

/**
 * What an {@link OrderSink} gets with each batch.
 * @group Order pipeline
 */
export interface OrderSinkContext {
  /**
   * Aborted when the library stops waiting for this write (its time limit passed,
   * or the worker is stopping). The batch will be written again later, so stop
   * early if you can; finishing is harmless too.
   */
  readonly signal: AbortSignal;
}

/**
 * Where orders are persisted: a database insert, a broker publish. The outbox
 * worker ({@link OutboxWorker}) and the in-request path ({@link InRequestOrders})
 * call {@link OrderSink.write}.
 *
 * The contract:
 * - Resolve only once every event of the batch is durably written. Only then are
 *   they acknowledged; a rejection (or a crash) means the whole batch is written
 *   again later.
 * - Delivery is at least once: an event may arrive more than once, also after a
 *   later event of the same reservation when a worker stalled past
 *   `reclaimIdleMs`. {@link OrderEvent.id} is the idempotency key: ignore an id you
 *   have already applied, and never let a `reserved` event undo a later state.
 * - The first delivery of each event is in order per reservation: `reserved`
 *   before its `confirmed`, `cancelled`, `expired` or `failed`; within a batch,
 *   apply events in array order.
 * - A sink that keeps rejecting an event lets it reach the dead-letter stream after
 *   `maxAttempts`; for a `reserved` event the hold is then released (`failed`).
 *
 * @example
 * ```ts
 * const sink: OrderSink = {
 *   async write(events, { signal }) {
 *     await db.insertIgnoringDuplicates(events.map(toRow), { signal });
 *   },
 * };
 * ```
 * @group Order pipeline
 */
export interface OrderSink {
  /**
   * Persists a batch of events, in order. Resolve when all are written; reject to
   * have the batch retried.
   *
   * @param events - one or more events, oldest first
   * @param context - carries the abort signal
   */
  write(events: readonly OrderEvent[], context: OrderSinkContext): Promise<void>;

  /**
   * Optional, for {@link reconcileSale}: the stored state of each of these
   * orders. Leave out the ids the store has no order for. Called with a page of at
   * most `pageSize` ids (the reconcile option); answer it in one query
   * (`WHERE reservation_id = ANY($1)`).
   *
   * @param reservationIds - distinct reservation ids of one sale
   * @param context - carries the abort signal
   */
  lookup?(
    reservationIds: readonly string[],
    context: OrderStoreContext,
  ): Promise<ReadonlyMap<string, StoredOrderState>>;

  /**
   * Optional, for {@link recoverSale} and {@link reconcileSale}: every order the
   * store holds for one sale, in pages (a keyset-paginated query per page, say),
   * each page at most about `pageSize` orders.
   *
   * @param saleId - the sale whose orders to list
   * @param context - carries the abort signal and the page size wanted
   */
  exportOrders?(
    saleId: string,
    context: OrderStoreContext & { readonly pageSize: number },
  ): AsyncIterable<readonly StoredOrder[]>;
}
