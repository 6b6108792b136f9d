/**
 * Many sales on one client (a shop with many drops), a history of purchases,
 * confirms and cancels in each, and a sink that records every batch with its
 * sale and sees whether two batches of one sale were ever in flight together.
 */
import type { OrderEvent, OrderSink } from '../../../src/index.js';
import { comparePositions } from '../../../src/orders/outbox/position.js';
import type { AnyClient } from '../../harness/clients.js';
import { mustReserve } from '../../sale/purchase-helpers.js';
import { pipelineOn, type PipelineFixture } from '../worker/pipeline-fixture.js';

/** The sales of a shop, all on one client. */
export interface Shop {
  readonly sales: readonly PipelineFixture[];
  /** The event ids each sale's outbox holds, by sale id. */
  readonly expected: ReadonlyMap<string, readonly string[]>;
  /** Every expected event id. */
  readonly total: number;
  close(): Promise<void>;
}

/**
 * Opens `count` sales `s0`…`s<count−1>` on `client`, each with its own prefix, and
 * gives each `reservations` holds, confirming the first and cancelling the second of every
 * group of three (so about 5/3 events per hold).
 */
export async function openShop(
  client: AnyClient,
  count: number,
  reservations: number,
  label = 's',
): Promise<Shop> {
  const sales = Array.from({ length: count }, (_, index) =>
    pipelineOn(client, `${label}${String(index)}`),
  );
  const expected = new Map<string, string[]>();
  await Promise.all(
    sales.map(async (f) => {
      await f.sale.preload({ stock: reservations + 10, perUserLimit: 1 });
      expected.set(f.sale.saleId, await makeHistory(f, reservations));
    }),
  );
  return {
    sales,
    expected,
    total: [...expected.values()].reduce((sum, ids) => sum + ids.length, 0),
    async close() {
      await Promise.all(sales.map(async (f) => f.close()));
    },
  };
}

/** Holds, confirms and cancels in one sale; returns its event ids in stream order. */
export async function makeHistory(f: PipelineFixture, reservations: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < reservations; i++) {
    const r = await mustReserve(f.sale, `u${String(i)}`);
    ids.push(`${r.id}/reserved`);
    if (i % 3 === 0) {
      await f.sale.confirm(r.id);
      ids.push(`${r.id}/confirmed`);
    } else if (i % 3 === 1) {
      await f.sale.cancel(r.id);
      ids.push(`${r.id}/cancelled`);
    }
  }
  return ids;
}

/** Decides whether a batch fails: return an error to reject it. */
export type ShopRefusal = (events: readonly OrderEvent[]) => Error | undefined;

/** An {@link OrderSink} for many sales: what it accepted, per sale, and how writes overlapped. */
export class ShopSink implements OrderSink {
  /** Accepted events in arrival order. */
  readonly events: OrderEvent[] = [];
  /** The sale of each accepted or refused batch, in the order the calls began. */
  readonly batches: string[] = [];
  /** Calls made. */
  calls = 0;
  /** Batches that held events of more than one sale. */
  mixedBatches = 0;
  /** The most writes of one sale that were ever in flight at once. */
  maxInFlightPerSale = 0;
  /** The most writes in flight at once, over all sales. */
  maxInFlight = 0;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly refuse: ShopRefusal = () => undefined,
    private readonly gate?: (events: readonly OrderEvent[]) => Promise<void>,
  ) {}

  async write(events: readonly OrderEvent[]): Promise<void> {
    this.calls += 1;
    const sale = events[0]?.saleId ?? '';
    this.batches.push(sale);
    if (events.some((event) => event.saleId !== sale)) this.mixedBatches += 1;
    const now = (this.inFlight.get(sale) ?? 0) + 1;
    this.inFlight.set(sale, now);
    this.maxInFlightPerSale = Math.max(this.maxInFlightPerSale, now);
    const all = [...this.inFlight.values()].reduce((sum, n) => sum + n, 0);
    this.maxInFlight = Math.max(this.maxInFlight, all);
    try {
      // a turn of the event loop, so that overlapping writes would be seen
      await new Promise((resolve) => setImmediate(resolve));
      const error = this.refuse(events);
      if (error) throw error;
      await this.gate?.(events);
      this.events.push(...events);
    } finally {
      this.inFlight.set(sale, (this.inFlight.get(sale) ?? 1) - 1);
    }
  }

  /** The accepted events of one sale, in arrival order. */
  ofSale(saleId: string): OrderEvent[] {
    return this.events.filter((event) => event.saleId === saleId);
  }
}

/** True when the events arrived in stream order (their positions ascending). */
export function inStreamOrder(events: readonly OrderEvent[]): boolean {
  return events.every(
    (event, index) =>
      index === 0 || comparePositions(events[index - 1]?.position ?? '', event.position ?? '') < 0,
  );
}
