import { fullJitterMs } from '../../shared/timing/abortable-sleep.js';
import { isSaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import type { EventEntry, OutboxEntry } from '../outbox/decode-entry.js';
import type { Decision, OutboxGroup } from '../outbox/outbox-group.js';
import { writeToSink } from '../sink/write-to-sink.js';
import { compensate } from './compensate.js';
import { HeldEntries } from './held-entries.js';
import type { WorkerStage } from './worker-options.js';
import type { SaleContext } from '../../sale/sale-context.js';
import type { OrderSink } from '../sink/order-sink.js';

/** What a {@link Delivery} reads of its owner's options. @internal */
export interface DeliverySettings {
  readonly sink: OrderSink;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly writeTimeoutMs: number;
}

/**
 * What one worker does with the entries it has taken: decide (begin-4.lua), write
 * to the sink, acknowledge, schedule retries, dead-letter. It also knows every
 * entry the worker holds, for the heartbeat. Errors from Redis propagate (the
 * worker's loop reports them with {@link Delivery.takeFailedStage}, backs off and
 * comes back); nothing taken is forgotten before it is acknowledged or
 * dead-lettered, except entries another consumer took over.
 * @internal
 */
export class Delivery {
  /** Entries waiting for a retry or for their reservation's earlier event. */
  readonly held = new HeldEntries();
  readonly counts = { written: 0, failedWrites: 0, deadLettered: 0, reclaimed: 0 };
  private inFlight: readonly EventEntry[] = [];
  /** Written, but the acknowledgement failed: acknowledged before anything else. */
  private unacked: readonly EventEntry[] = [];
  /** Where the last error that escaped came from (reported by the worker's loop). */
  private failedAt: WorkerStage = 'read';

  constructor(
    private readonly group: OutboxGroup,
    private readonly options: DeliverySettings,
    private readonly sale: SaleContext,
    private readonly report: (error: unknown, stage: WorkerStage) => void,
  ) {}

  /** Every entry this worker holds pending: the heartbeat keeps them claimed. */
  positions(): string[] {
    return [
      ...this.held.positions(),
      ...this.inFlight.map((entry) => entry.position),
      ...this.unacked.map((entry) => entry.position),
    ];
  }

  /** The stage the last escaping error came from; resets it. */
  takeFailedStage(): WorkerStage {
    const stage = this.failedAt;
    this.failedAt = 'read';
    return stage;
  }

  /**
   * Forgets every entry this worker holds: the sale's keys are gone (expired), and
   * its stream with them, so none of them can be written, acknowledged or
   * dead-lettered any more.
   */
  forgetAll(): void {
    for (const position of this.held.positions()) this.held.drop(position);
    this.inFlight = [];
    this.unacked = [];
  }

  /** Retries an acknowledgement that failed after its batch was written. */
  async acknowledgeLeftovers(): Promise<void> {
    if (this.unacked.length > 0) await this.acknowledge(this.unacked);
  }

  /**
   * Acknowledges entries re-driven for another group, dead-letters entries that
   * are not hold events; returns the others.
   */
  async usable(entries: readonly OutboxEntry[]): Promise<EventEntry[]> {
    const events: EventEntry[] = [];
    const others = entries.filter(
      (entry) => entry.redriveFor !== undefined && entry.redriveFor !== this.group.group,
    );
    if (others.length > 0) {
      this.failedAt = 'ack';
      await this.group.skip(others);
      this.failedAt = 'read';
    }
    for (const entry of entries) {
      if (others.includes(entry)) continue;
      if (entry.event === null) await this.deadLetter(entry, 0, 'not a hold event');
      else events.push(entry as EventEntry);
    }
    return events;
  }

  /** Decides, writes what may go now, and dead-letters what has used up its attempts. */
  async deliver(candidates: readonly EventEntry[], giveUp: AbortSignal): Promise<void> {
    const { maxAttempts, retryDelayMs } = this.options;
    let decisions: Decision[];
    try {
      decisions = await this.group.begin(candidates, maxAttempts);
    } catch (error) {
      for (const entry of candidates) this.held.hold(entry, Date.now() + retryDelayMs);
      throw error;
    }
    const writes = decisions.filter((decision) => decision.verdict === 'write');
    const exhausted = decisions.filter((decision) => decision.verdict === 'exhausted');
    for (const { entry, verdict } of decisions) {
      // held until settled: a failure below leaves them due, never forgotten
      if (verdict === 'deferred') this.held.hold(entry, Date.now() + retryDelayMs);
      if (verdict === 'later' || verdict === 'exhausted') this.held.hold(entry, Date.now());
    }
    if (writes.length > 0) await this.write(writes, giveUp);
    for (const { entry, attempts } of exhausted) {
      await this.deadLetter(entry, attempts);
      this.held.drop(entry.position);
    }
  }

  /** Writes a batch; acknowledges it once written, schedules its retry if not. */
  private async write(writes: readonly Decision[], giveUp: AbortSignal): Promise<void> {
    const { maxAttempts, retryDelayMs, maxRetryDelayMs } = this.options;
    const entries = writes.map((decision) => decision.entry);
    this.inFlight = entries;
    const outcome = await writeToSink(
      this.options.sink,
      entries.map((entry) => entry.event),
      this.options.writeTimeoutMs,
      giveUp,
    );
    this.inFlight = [];
    if (outcome.status === 'written') {
      await this.acknowledge(entries);
    } else if (outcome.status === 'failed') {
      this.counts.failedWrites += 1;
      this.report(outcome.error, 'write');
      for (const { entry, attempts } of writes) {
        const made = attempts + 1;
        const delayMs = made >= maxAttempts ? 0 : fullJitterMs(made, retryDelayMs, maxRetryDelayMs);
        this.held.hold(entry, Date.now() + delayMs);
      }
      await this.group.recordFailure(entries, outcome.error).catch((error: unknown) => {
        // a sale that is gone is the worker loop's to handle (once), not a write failure
        if (isSaleNotLoadedError(error)) throw error;
        this.report(error, 'write');
      });
    }
    // 'abandoned': the worker is stopping; the entries stay pending for reclaim
  }

  private async acknowledge(entries: readonly EventEntry[]): Promise<void> {
    this.unacked = entries;
    this.failedAt = 'ack';
    await this.group.ack(entries);
    this.failedAt = 'read';
    this.unacked = [];
    this.counts.written += entries.length;
  }

  /** Releases the hold of a dead `reserved` event, then moves the entry to the dead letters. */
  private async deadLetter(entry: OutboxEntry, attempts: number, error = ''): Promise<void> {
    this.failedAt = 'dead-letter';
    const compensation = entry.event === null ? 'none' : await compensate(this.sale, entry.event);
    if (await this.group.deadLetter(entry, compensation, attempts, error)) {
      this.counts.deadLettered += 1;
    }
    this.failedAt = 'read';
  }
}
