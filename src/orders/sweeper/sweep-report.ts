import { errorName } from '../../shared/diagnostics/publisher.js';
import { sweepChannel } from '../../shared/diagnostics/sweep-message.js';
import type { Reservation } from '../../sale/reservation.js';

/**
 * What one sweep of one sale did, gathered only while diagnostics are observed
 * and published as one {@link SweepMessage} at its end.
 * @internal
 */
export class SweepReport {
  private readonly startedAt = performance.now();
  private readonly delaysMs: number[] = [];
  private error: string | null = null;

  constructor(private readonly saleId: string) {}

  /** Holds one expire call released: how late each was, on Redis's clock. */
  add(released: readonly Reservation[]): void {
    for (const hold of released) {
      this.delaysMs.push(Math.max(0, (hold.endedAtMs ?? hold.deadlineMs) - hold.deadlineMs));
    }
  }

  /** The sweep of this sale stopped at an error. */
  fail(error: unknown): void {
    this.error = errorName(error);
  }

  /** Publishes the message; `led` is false when another process leads this sale's sweeping. */
  publish(led: boolean): void {
    sweepChannel.publish({
      saleId: this.saleId,
      led,
      released: this.delaysMs.length,
      delaysMs: this.delaysMs,
      error: this.error,
      durationMs: performance.now() - this.startedAt,
    });
  }
}
