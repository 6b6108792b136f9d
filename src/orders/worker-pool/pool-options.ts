import type { SaleReference } from '../../sale/sale-reference.js';
import type { OrderSink } from '../sink/order-sink.js';
import type { WorkerStage } from '../worker/worker-options.js';

/**
 * What an {@link OutboxWorkerPool} calls with each error it recovers from, where
 * it met it, and the id of the sale it was delivering.
 * @group Options
 * @category Order pipeline
 */
export type PoolErrorHandler = (error: unknown, stage: WorkerStage, saleId: string) => void;

/**
 * Settings of an {@link OutboxWorkerPool}. Durations are in milliseconds. The
 * delivery settings mean what they mean for an {@link OutboxWorker}, per sale.
 * @group Options
 * @category Order pipeline
 */
export interface OutboxWorkerPoolOptions {
  /** Where the events of every sale go. See {@link OrderSink} for the contract. */
  readonly sink: OrderSink;
  /**
   * The sales served from the start; {@link OutboxWorkerPool.add} adds more,
   * {@link OutboxWorkerPool.remove} takes one out. Sale ids must differ.
   * @defaultValue none
   */
  readonly sales?: readonly SaleReference[];
  /**
   * The consumer group, in every sale. Pools and workers sharing a group share the work.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
  /**
   * This pool's consumer name in every sale's group, unique per running pool.
   * @defaultValue `<hostname>:<pid>:<random>`
   */
  readonly consumer?: string;
  /**
   * How many sales have a turn (a read, a sink write, an acknowledgement) in
   * progress at once: the most concurrent `sink.write` calls, one per sale.
   * @defaultValue `8`
   */
  readonly maxConcurrentSales?: number;
  /**
   * Most events in one sink write, and so in one turn of a sale: a busy sale
   * gives its place to the next after each batch.
   * @defaultValue `100`
   */
  readonly maxEventsPerWrite?: number;
  /**
   * Wait before polling a sale again after its first empty read; doubled after
   * each further empty read, up to `maxPollIntervalMs`. A read that finds events
   * resets it.
   * @defaultValue `10`
   */
  readonly minPollIntervalMs?: number;
  /**
   * Longest wait between two polls of an idle sale: how late, at most, the pool
   * sees a sale's first event after a quiet spell (plus its queue). Also the wait
   * before looking again for a sale whose keys are gone.
   * @defaultValue `250`
   */
  readonly maxPollIntervalMs?: number;
  /**
   * Events another consumer has held this long without a heartbeat are taken
   * over. The pool renews its own every third of this.
   * @defaultValue `30_000`
   */
  readonly reclaimIdleMs?: number;
  /**
   * Attempts before an event goes to its sale's dead-letter stream.
   * @defaultValue `10`
   */
  readonly maxAttempts?: number;
  /**
   * Base of the exponential backoff between attempts (as {@link OutboxWorkerOptions.retryDelayMs}).
   * @defaultValue `200`
   */
  readonly retryDelayMs?: number;
  /**
   * Cap of the backoff between attempts.
   * @defaultValue `30_000`
   */
  readonly maxRetryDelayMs?: number;
  /**
   * A sink write that has not settled after this long counts as failed; its signal aborts.
   * @defaultValue `30_000`
   */
  readonly writeTimeoutMs?: number;
  /**
   * How long {@link OutboxWorkerPool.stop} (and {@link OutboxWorkerPool.remove})
   * lets writes in flight finish; after that they are abandoned unacknowledged.
   * @defaultValue `10_000`
   */
  readonly stopTimeoutMs?: number;
  /**
   * Least time between two trims of one sale's stream.
   * @defaultValue `1_000`
   */
  readonly trimIntervalMs?: number;
  /**
   * Per sale: once this many of its events are held back for a retry, the pool
   * reads no new events of that sale until some are settled (other sales go on).
   * @defaultValue `1_000`
   */
  readonly maxHeldEvents?: number;
  /**
   * Called with every error the pool recovers from (it never throws them), with
   * the sale's id. A sale whose keys are gone is reported once with a
   * `SaleNotLoadedError`, then polled quietly every `maxPollIntervalMs`.
   * @defaultValue none
   */
  readonly onError?: PoolErrorHandler;
}
