/**
 * Shared by the order pipeline's tests: a sale with its pipeline keys, a sink that
 * records (and can refuse) what it is given, and a poll helper.
 */
import {
  OutboxWorker,
  type FlashSale,
  type OrderEvent,
  type OrderSink,
  type OrderSinkContext,
  type OutboxWorkerOptions,
} from '../../../src/index.js';
import { outboxKeys, type OutboxKeys } from '../../../src/orders/outbox/outbox-keys.js';
import type { AnyClient, Backend } from '../../harness/clients.js';
import { openSale, openSaleOn, type SaleFixture } from '../../sale/sale-fixture.js';

/** A sale fixture that also cleans up the pipeline's own keys. */
export interface PipelineFixture extends SaleFixture {
  readonly outbox: OutboxKeys;
}

/** Opens a sale under a unique prefix, with its pipeline keys at hand. */
export function openPipeline(backend: Backend, saleId = 'drop'): PipelineFixture {
  return withPipelineKeys(openSale(backend, saleId));
}

/** The same, on a client of the test's own (a server it restarts); close() leaves the client open. */
export function pipelineOn(client: AnyClient, saleId: string): PipelineFixture {
  return withPipelineKeys(openSaleOn(client, saleId));
}

function withPipelineKeys(sale: SaleFixture): PipelineFixture {
  const outbox = outboxKeys(sale.keys, 'orders');
  return {
    ...sale,
    outbox,
    async close() {
      await sale.client.del(outbox.delivered, outbox.attempts, outbox.dead, outbox.redriven);
      await sale.close();
    },
  };
}

/** Decides whether a batch fails: return an error to reject it. */
export type Refusal = (events: readonly OrderEvent[], call: number) => Error | undefined;

/** An {@link OrderSink} that records every batch it accepted, in arrival order. */
export class RecordingSink implements OrderSink {
  /** Accepted events, in the order they arrived. */
  readonly events: OrderEvent[] = [];
  /** Calls made, accepted or not. */
  calls = 0;
  /** Signals of the calls, to see aborts. */
  readonly signals: AbortSignal[] = [];
  /** The batches refused, in order. */
  readonly refused: (readonly OrderEvent[])[] = [];

  constructor(
    private readonly refuse: Refusal = () => undefined,
    private readonly gate?: () => Promise<void>,
  ) {}

  async write(events: readonly OrderEvent[], { signal }: OrderSinkContext): Promise<void> {
    this.calls += 1;
    this.signals.push(signal);
    const error = this.refuse(events, this.calls);
    if (error) {
      this.refused.push(events);
      throw error;
    }
    await this.gate?.();
    this.events.push(...events);
  }

  /** Ids of the accepted events. */
  ids(): string[] {
    return this.events.map((event) => event.id);
  }
}

/** Polls `check` until it holds; fails with `what` after `timeoutMs`. */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The fields of every entry in a stream, oldest first. */
export async function streamEntries(
  fixture: PipelineFixture,
  key: string,
): Promise<{ id: string; fields: Record<string, string> }[]> {
  const entries = await fixture.client.xrange(key, '-', '+');
  return entries.map(([id, flat]) => {
    const fields: Record<string, string> = {};
    for (let index = 0; index + 1 < flat.length; index += 2) {
      fields[flat[index] ?? ''] = flat[index + 1] ?? '';
    }
    return { id, fields };
  });
}

/** Asserts that each reservation's `reserved` event arrived before its later event. */
export function firstArrivalsInOrder(events: readonly OrderEvent[]): boolean {
  const first = new Map<string, number>();
  events.forEach((event, index) => {
    if (!first.has(event.id)) first.set(event.id, index);
  });
  for (const event of events) {
    if (event.type === 'reserved') continue;
    const reserved = first.get(`${event.reservationId}/reserved`);
    if (reserved === undefined || reserved > (first.get(event.id) ?? -1)) return false;
  }
  return true;
}

/** Worker timings short enough for a test to see deliveries and retries promptly. */
export const FAST_WORKER = {
  blockMs: 50,
  retryDelayMs: 10,
  maxRetryDelayMs: 50,
  trimIntervalMs: 20,
} as const;

/** Workers a test starts on its sale (with {@link FAST_WORKER} timings), stopped together. */
export interface WorkerPool {
  readonly start: (options: Omit<OutboxWorkerOptions, 'sale'>) => OutboxWorker;
  readonly stopAll: () => Promise<void>;
}

/** A pool for the sale `sale()` returns when a worker is started. */
export function workerPool(sale: () => FlashSale): WorkerPool {
  const started: OutboxWorker[] = [];
  return {
    start: (options) => {
      const created = new OutboxWorker({ sale: sale(), ...FAST_WORKER, ...options });
      started.push(created);
      created.start();
      return created;
    },
    stopAll: async () => {
      await Promise.all(started.splice(0).map(async (w) => w.stop()));
    },
  };
}
