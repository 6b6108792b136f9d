import { errorName } from '../../shared/diagnostics/publisher.js';
import { outboxChannel } from '../../shared/diagnostics/outbox-message.js';
import type { EventEntry } from '../outbox/decode-entry.js';
import type { OutboxGroup } from '../outbox/outbox-group.js';
import type { Delivery } from './delivery.js';

/** The Redis time (ms) in a stream entry id `<ms>-<seq>`. */
function entryTimeMs(position: string): number {
  return Number(position.slice(0, position.indexOf('-')));
}

/**
 * What one delivery cycle of a worker did, gathered only while diagnostics are
 * observed and published as one {@link OutboxMessage} at its end: the worker's
 * counters before and after, and the lag when the cycle took its events.
 * @internal
 */
export class CycleReport {
  private readonly startedAt = performance.now();
  private readonly before: Delivery['counts'];
  private taken = 0;
  private lagMs = 0;
  private error: string | null = null;

  constructor(
    private readonly group: OutboxGroup,
    private readonly delivery: Delivery,
  ) {
    this.before = { ...delivery.counts };
  }

  /**
   * The cycle took `candidates`: the oldest of them and of the entries held for a
   * retry is the oldest event this worker has not settled.
   */
  took(candidates: readonly EventEntry[]): void {
    this.taken = candidates.length;
    let oldest = Infinity;
    for (const { position } of candidates) oldest = Math.min(oldest, entryTimeMs(position));
    for (const position of this.delivery.held.positions()) {
      oldest = Math.min(oldest, entryTimeMs(position));
    }
    this.lagMs = Number.isFinite(oldest) ? Math.max(0, Date.now() - oldest) : 0;
  }

  /** The cycle failed (the worker reports it and retries). */
  fail(error: unknown): void {
    this.error = errorName(error);
  }

  /** Publishes the message; `stopped` on the worker's last one. */
  publish(stopped = false): void {
    const { counts, held } = this.delivery;
    outboxChannel.publish({
      saleId: this.group.context.saleId,
      group: this.group.group,
      consumer: this.group.consumer,
      taken: this.taken,
      written: counts.written - this.before.written,
      failedWrites: counts.failedWrites - this.before.failedWrites,
      deadLettered: counts.deadLettered - this.before.deadLettered,
      reclaimed: counts.reclaimed - this.before.reclaimed,
      lagMs: this.lagMs,
      held: held.size,
      error: this.error,
      durationMs: performance.now() - this.startedAt,
      stopped,
    });
  }
}
