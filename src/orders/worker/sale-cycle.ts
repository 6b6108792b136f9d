import { fullJitterMs } from '../../shared/timing/abortable-sleep.js';
import { OutboxGroup } from '../outbox/outbox-group.js';
import type { EventEntry, OutboxEntry } from '../outbox/decode-entry.js';
import { isSaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { outboxChannel } from '../../shared/diagnostics/outbox-message.js';
import { Delivery, type DeliverySettings } from './delivery.js';
import type { GroupReader } from './group-reader.js';
import type { WorkerStage } from './worker-options.js';
import { CycleReport } from './cycle-report.js';

/** Consumers that hold nothing and were idle this many reclaim periods are forgotten. */
const FORGET_AFTER_RECLAIM_PERIODS = 10;

/** What a sale's delivery cycle reads of its owner's options. @internal */
export interface CycleSettings extends DeliverySettings {
  readonly maxEventsPerWrite: number;
  /** The longest wait for new entries (the worker's `blockMs`, the pool's `maxPollIntervalMs`). */
  readonly blockMs: number;
  readonly reclaimIdleMs: number;
  readonly maxHeldEvents: number;
  readonly trimIntervalMs: number;
}

/**
 * How a cycle reads new entries: {@link OutboxWorker} blocks for them on a
 * connection of its own, {@link OutboxWorkerPool} never waits (it polls).
 * @internal
 */
export type ReadNew = (
  reader: GroupReader,
  count: number,
  waitMs: number,
) => Promise<OutboxEntry[]>;

/** What one turn did. @internal */
export interface Turn {
  /** Entries the turn took from the stream or from the retries (0: nothing to do). */
  readonly taken: number;
  /**
   * Wait at least this long before the next turn: a backoff after an error, the
   * sale gone, or every hold slot taken (then until the next retry is due).
   */
  readonly pauseMs: number;
}

/**
 * The delivery of one sale's outbox for one consumer, turn by turn: the part the
 * {@link OutboxWorker} and the {@link OutboxWorkerPool} share. A turn acknowledges
 * leftovers, trims when due, takes up to `maxEventsPerWrite` candidates (due
 * retries, then idle entries of other consumers, then new entries) and delivers
 * them. It never throws: errors go to `report`, and the turn says how long to
 * back off.
 * @internal
 */
export class SaleCycle {
  readonly group: OutboxGroup;
  readonly delivery: Delivery;
  private nextReclaimAtMs = 0;
  private nextTrimAtMs = 0;
  private failures = 0;
  /** The sale's keys were found gone and that was reported; reset by a delivery. */
  private saleGoneReported = false;

  constructor(
    context: SaleContext,
    private readonly settings: CycleSettings & {
      readonly group: string;
      readonly consumer: string;
    },
    private readonly report: (error: unknown, stage: WorkerStage) => void,
  ) {
    this.group = new OutboxGroup(context, settings.group, settings.consumer);
    this.delivery = new Delivery(this.group, settings, context, report);
  }

  /** One cycle, its errors reported; see {@link Turn}. */
  async turn(reader: GroupReader, readNew: ReadNew, giveUp: AbortSignal): Promise<Turn> {
    try {
      const turn = await this.cycle(reader, readNew, giveUp);
      this.failures = 0;
      return turn;
    } catch (error) {
      if (isSaleNotLoadedError(error)) return this.saleGone(error);
      this.failures += 1;
      this.report(error, this.delivery.takeFailedStage());
      const { retryDelayMs, maxRetryDelayMs } = this.settings;
      return { taken: 0, pauseMs: fullJitterMs(this.failures, retryDelayMs, maxRetryDelayMs) };
    }
  }

  private async cycle(reader: GroupReader, readNew: ReadNew, giveUp: AbortSignal): Promise<Turn> {
    // only while diagnostics are observed: what this cycle did, published at its end
    const report = outboxChannel.hasSubscribers
      ? new CycleReport(this.group, this.delivery)
      : undefined;
    try {
      await this.delivery.acknowledgeLeftovers();
      await this.trimIfDue();
      const { candidates, pauseMs } = await this.nextCandidates(reader, readNew);
      report?.took(candidates);
      if (candidates.length === 0) return { taken: 0, pauseMs };
      await this.delivery.deliver(candidates, giveUp);
      this.saleGoneReported = false;
      return { taken: candidates.length, pauseMs: 0 };
    } catch (error) {
      report?.fail(error);
      throw error;
    } finally {
      report?.publish();
    }
  }

  /**
   * The sale's keys are gone (expired, or deleted): the pipeline's scripts wrote
   * nothing, and nothing held can be delivered any more. Forgets those entries,
   * reports the error once, and waits `blockMs` before looking again (the reader
   * finds the stream again once the sale is loaded anew).
   */
  private saleGone(error: unknown): Turn {
    const stage = this.delivery.takeFailedStage();
    this.delivery.forgetAll();
    if (!this.saleGoneReported) this.report(error, stage);
    this.saleGoneReported = true;
    return { taken: 0, pauseMs: this.settings.blockMs };
  }

  /** Due retries first, then idle entries of other consumers, then new entries. */
  private async nextCandidates(
    reader: GroupReader,
    readNew: ReadNew,
  ): Promise<{ candidates: EventEntry[]; pauseMs: number }> {
    const { maxEventsPerWrite, blockMs, reclaimIdleMs, maxHeldEvents } = this.settings;
    const now = Date.now();
    const { held, counts } = this.delivery;
    const due = held.takeDue(now, maxEventsPerWrite);
    if (due.length > 0) return { candidates: due, pauseMs: 0 };
    if (reader.scanning || now >= this.nextReclaimAtMs) {
      this.nextReclaimAtMs = now + Math.ceil(reclaimIdleMs / 2);
      const reclaimed = await this.delivery.usable(
        await reader.reclaim(maxEventsPerWrite, reclaimIdleMs),
      );
      counts.reclaimed += reclaimed.length;
      if (reclaimed.length > 0) return { candidates: reclaimed, pauseMs: 0 };
    }
    const nextDue = held.nextDueAtMs();
    const waitMs = Math.max(1, Math.min(blockMs, (nextDue ?? Infinity) - now));
    // every hold slot taken: read nothing new until a retry is due
    if (held.size >= maxHeldEvents) return { candidates: [], pauseMs: waitMs };
    const fresh = await readNew(reader, maxEventsPerWrite, waitMs);
    return { candidates: await this.delivery.usable(fresh), pauseMs: 0 };
  }

  private async trimIfDue(): Promise<void> {
    const now = Date.now();
    if (now < this.nextTrimAtMs) return;
    this.nextTrimAtMs = now + this.settings.trimIntervalMs;
    const forgetIdleMs = FORGET_AFTER_RECLAIM_PERIODS * this.settings.reclaimIdleMs;
    await this.group.trim(forgetIdleMs).catch((error: unknown) => {
      this.report(error, 'trim');
    });
  }
}
