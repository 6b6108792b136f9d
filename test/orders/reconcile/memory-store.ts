/**
 * An order store in memory with the PostgreSQL example's rules (each event id
 * applied once, an order's state only moves forward), and the two read-back
 * methods reconcile and recovery use. Tests edit `orders` directly to inject drift.
 */
import type { OrderEvent, OrderSink, StoredOrder, StoredOrderState } from '../../../src/index.js';

export class MemoryOrderStore implements Required<OrderSink> {
  readonly orders = new Map<string, StoredOrder & { readonly saleId: string }>();
  readonly applied = new Set<string>();
  lookups = 0;

  async write(events: readonly OrderEvent[]): Promise<void> {
    await Promise.resolve();
    for (const event of events) {
      if (this.applied.has(event.id)) continue;
      this.applied.add(event.id);
      const seen = this.orders.get(event.reservationId);
      if (seen !== undefined && (seen.state !== 'reserved' || event.type === 'reserved')) continue;
      this.orders.set(event.reservationId, {
        saleId: event.saleId,
        reservationId: event.reservationId,
        userId: event.userId,
        state: event.type,
        lines: event.lines,
        deadlineMs: event.deadlineMs,
        metadata: event.metadata,
      });
    }
  }

  async lookup(ids: readonly string[]): Promise<ReadonlyMap<string, StoredOrderState>> {
    await Promise.resolve();
    this.lookups += 1;
    const found = new Map<string, StoredOrderState>();
    for (const id of ids) {
      const order = this.orders.get(id);
      if (order !== undefined) found.set(id, order.state);
    }
    return found;
  }

  async *exportOrders(
    saleId: string,
    { pageSize }: { readonly pageSize: number },
  ): AsyncIterable<readonly StoredOrder[]> {
    const all = [...this.orders.values()].filter((order) => order.saleId === saleId);
    for (let start = 0; start < all.length; start += pageSize) {
      await Promise.resolve();
      yield all.slice(start, start + pageSize);
    }
  }

  /** Sets an order's state by hand (drift), keeping the rest. */
  setState(reservationId: string, state: StoredOrderState): void {
    const order = this.orders.get(reservationId);
    if (order === undefined) throw new Error(`no order ${reservationId}`);
    this.orders.set(reservationId, { ...order, state });
  }

  /** Takes an order back to `reserved`, as if its later event never reached the store. */
  rollBack(reservationId: string): void {
    this.setState(reservationId, 'reserved');
    for (const id of [...this.applied]) {
      if (id.startsWith(`${reservationId}/`) && !id.endsWith('/reserved')) this.applied.delete(id);
    }
  }

  /** Forgets an order and its applied events, as if it never reached the store. */
  forget(reservationId: string): void {
    this.orders.delete(reservationId);
    for (const id of [...this.applied]) {
      if (id.startsWith(`${reservationId}/`)) this.applied.delete(id);
    }
  }
}
