import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import { publisher } from './publisher.js';

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.outbox` by an {@link OutboxWorker}
 * after each delivery cycle that took events, after a read that found none
 * (then `taken` is 0 and, when the worker holds nothing, `lagMs` is 0: it has
 * caught up), and once when it stops (`stopped`).
 * @group Diagnostics
 */
export interface OutboxMessage {
  /** The sale. */
  readonly saleId: string;
  /** The worker's consumer group. */
  readonly group: string;
  /** The worker's consumer name. */
  readonly consumer: string;
  /** Events the cycle took: due retries, events reclaimed from idle consumers, or new ones. */
  readonly taken: number;
  /** Events written to the sink and acknowledged in this cycle. */
  readonly written: number;
  /** Sink writes that failed in this cycle (their events will be retried). */
  readonly failedWrites: number;
  /** Events moved to the dead-letter stream in this cycle. */
  readonly deadLettered: number;
  /** Events taken over from consumers that had left them idle, in this cycle. */
  readonly reclaimed: number;
  /**
   * The outbox lag as this worker sees it: the age, in milliseconds, of the oldest
   * event it had taken and not yet settled when the cycle began (the events it
   * took, and those it holds for a retry). Event times are Redis's clock, the age
   * is measured on this process's: a skew between the two adds to it.
   */
  readonly lagMs: number;
  /** Events this worker holds for a retry or for their reservation's earlier event. */
  readonly held: number;
  /** The error's `name` when the cycle failed (the worker retries); otherwise `null`. */
  readonly error: string | null;
  /** Milliseconds the cycle took (`performance.now()`), the blocking read included. */
  readonly durationMs: number;
  /** True on the last message of a worker, sent when {@link OutboxWorker.stop} ends. */
  readonly stopped: boolean;
}

/** @internal */
export const outboxChannel = publisher<OutboxMessage>(DIAGNOSTIC_CHANNELS.outbox);
