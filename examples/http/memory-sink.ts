import type { OrderEvent, OrderSink } from '../../src/index.js';

/**
 * An order sink that keeps orders in this process, for running the example
 * without a database (set DATABASE_URL for the PostgreSQL one). Idempotent by
 * event id, as every sink must be: a redelivered event changes nothing.
 */
export class MemorySink implements OrderSink {
  /** Every event applied, in order. */
  readonly events: OrderEvent[] = [];
  /** Each order's latest event type, by reservation id. */
  readonly orders = new Map<string, OrderEvent['type']>();
  private readonly seen = new Set<string>();

  /** @param log - told of every new event (e.g. `console.log`), if given */
  constructor(private readonly log?: (line: string) => void) {}

  write(events: readonly OrderEvent[]): Promise<void> {
    for (const event of events) {
      if (this.seen.has(event.id)) continue;
      this.seen.add(event.id);
      this.events.push(event);
      // An order's status only moves forward: a late `reserved` never undoes a later state.
      if (event.type !== 'reserved' || !this.orders.has(event.reservationId)) {
        this.orders.set(event.reservationId, event.type);
      }
      this.log?.(`order ${event.reservationId} (${event.userId}): ${event.type}`);
    }
    return Promise.resolve();
  }
}
