import type { SaleReference } from '../../sale/sale-reference.js';
import type { OrderSink } from '../sink/order-sink.js';

/**
 * Where in its cycle an {@link OutboxWorker} met an error: reading the stream,
 * writing to the sink, acknowledging, dead-lettering, keeping its entries claimed,
 * or trimming.
 * @group Options
 * @category Order pipeline
 */
export type WorkerStage = 'read' | 'write' | 'ack' | 'dead-letter' | 'heartbeat' | 'trim';

/**
 * What an {@link OutboxWorker} calls with each error it recovers from, and where it met it.
 * @group Options
 * @category Order pipeline
 */
export type WorkerErrorHandler = (error: unknown, stage: WorkerStage) => void;

/**
 * Settings of an {@link OutboxWorker}. Durations are in milliseconds.
 * @group Options
 * @category Order pipeline
 */
export interface OutboxWorkerOptions {
  /** The sale whose outbox is delivered (its client, key prefix and time limit are used). */
  readonly sale: SaleReference;
  /** Where the events go. See {@link OrderSink} for the contract. */
  readonly sink: OrderSink;
  /**
   * The consumer group. Workers sharing a group share the work; each group gets
   * every event, in order per reservation, with its own dead letters.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
  /**
   * This worker's consumer name in the group, unique per running worker.
   * @defaultValue `<hostname>:<pid>:<random>`
   */
  readonly consumer?: string;
  /**
   * Most events in one sink write (and so in one read from the stream).
   * @defaultValue `100`
   */
  readonly maxEventsPerWrite?: number;
  /**
   * How long one read waits for new events before the worker looks at its retries
   * again; also the longest {@link OutboxWorker.stop} waits for that read.
   * @defaultValue `1_000`
   */
  readonly blockMs?: number;
  /**
   * Events another worker has held this long without a heartbeat (it crashed or
   * hangs) are taken over. Live workers renew theirs every third of this.
   * @defaultValue `30_000`
   */
  readonly reclaimIdleMs?: number;
  /**
   * Attempts before an event goes to the dead-letter stream (a crash during a
   * write counts as one). For a `reserved` event the hold is then released.
   * @defaultValue `10`
   */
  readonly maxAttempts?: number;
  /**
   * Base of the exponential backoff between attempts: attempt n waits a random time
   * in `[0, min(maxRetryDelayMs, retryDelayMs × 2^(n−1)))`. Also how long an event
   * waits for its reservation's earlier event before it is looked at again.
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
   * How long {@link OutboxWorker.stop} lets a write in flight finish. After that
   * the write is abandoned unacknowledged; its events are reclaimed later.
   * @defaultValue `10_000`
   */
  readonly stopTimeoutMs?: number;
  /**
   * Least time between two trims of acknowledged entries from the stream (each
   * trim also sets the lifetime of the group's keys, dead letters included, to the
   * sale's again). Only entries every group has delivered are trimmed: with no
   * worker running the stream keeps every event, about 0.1 KB per transition
   * (docs/order-pipeline.md, "Memory").
   * @defaultValue `1_000`
   */
  readonly trimIntervalMs?: number;
  /**
   * Once this many events are held back for a retry, the worker reads no new events
   * until some are settled, so a failing sink cannot fill its memory.
   * @defaultValue `1_000`
   */
  readonly maxHeldEvents?: number;
  /**
   * Called with every error the worker recovers from (it never throws them): a
   * failed sink write, Redis unreachable, … When the sale's keys are gone
   * (expired), it is called once with a `SaleNotLoadedError`; the worker then
   * forgets what it held and waits quietly for the sale to be loaded again.
   * @defaultValue none
   */
  readonly onError?: WorkerErrorHandler;
}
