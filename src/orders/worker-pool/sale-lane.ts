import type { SaleContext } from '../../sale/sale-context.js';
import { CycleReport } from '../worker/cycle-report.js';
import { GroupReader } from '../worker/group-reader.js';
import { Heartbeat } from '../worker/heartbeat.js';
import { SaleCycle, type ReadNew, type Turn } from '../worker/sale-cycle.js';
import type { WorkerStage } from '../worker/worker-options.js';
import { outboxChannel } from '../../shared/diagnostics/outbox-message.js';
import type { ResolvedPoolOptions } from './pool-spec.js';

/** The pool never blocks: it takes what is there and polls again later. */
const READ_AVAILABLE: ReadNew = async (reader, count) => reader.readAvailable(count);

/**
 * One sale in an {@link OutboxWorkerPool}: its delivery cycle (the worker's own),
 * a non-blocking reader on the sale's client, a heartbeat while the pool runs,
 * and when it is due for its next turn. At most one turn at a time, so one batch
 * of the sale is in flight at most.
 * @internal
 */
export class SaleLane {
  readonly cycle: SaleCycle;
  private readonly reader: GroupReader;
  private heartbeat: Heartbeat | undefined;
  /** Aborted to abandon a write in flight (the pool stops, or the sale is removed). */
  private giveUp = new AbortController();
  /** The current poll backoff; 0 after a turn that took something. */
  private idleMs = 0;
  /** The turn in progress, if any. */
  private inTurn: Promise<Turn> | undefined;
  /** Pending wake-up timer while the lane waits for its next turn. */
  timer: NodeJS.Timeout | undefined;
  /** Taken out of the pool: never scheduled again. */
  removed = false;

  constructor(
    readonly context: SaleContext,
    private readonly options: ResolvedPoolOptions,
    private readonly report: (error: unknown, stage: WorkerStage) => void,
  ) {
    this.cycle = new SaleCycle(context, { ...options, blockMs: options.maxPollIntervalMs }, report);
    this.reader = new GroupReader(context, context.client, options.group, options.consumer);
  }

  /** The sale's id. */
  get saleId(): string {
    return this.context.saleId;
  }

  /** True while a turn is in progress. */
  get busy(): boolean {
    return this.inTurn !== undefined;
  }

  /** Keeps the lane's entries claimed while the pool runs. */
  open(): void {
    this.giveUp = new AbortController();
    const delivery = this.cycle.delivery;
    this.heartbeat ??= new Heartbeat(
      this.cycle.group,
      () => delivery.positions(),
      (position) => {
        delivery.held.drop(position);
      },
      this.report,
      Math.ceil(this.options.reclaimIdleMs / 3),
    );
  }

  /** One turn; then how long the lane waits before its next one (0: straight to the back of the queue). */
  async turn(): Promise<number> {
    this.inTurn = this.cycle.turn(this.reader, READ_AVAILABLE, this.giveUp.signal);
    let turn: Turn;
    try {
      turn = await this.inTurn;
    } finally {
      this.inTurn = undefined;
    }
    return this.nextDelayMs(turn);
  }

  private nextDelayMs({ taken, pauseMs }: Turn): number {
    if (taken > 0) {
      this.idleMs = 0;
      return 0;
    }
    if (pauseMs > 0) return pauseMs;
    const { minPollIntervalMs, maxPollIntervalMs } = this.options;
    this.idleMs =
      this.idleMs === 0 ? minPollIntervalMs : Math.min(maxPollIntervalMs, 2 * this.idleMs);
    const nextDue = this.cycle.delivery.held.nextDueAtMs();
    return nextDue === undefined
      ? this.idleMs
      : Math.max(0, Math.min(this.idleMs, nextDue - Date.now()));
  }

  /** Abandons a write in flight (its entries stay pending, reclaimed later). */
  abandon(): void {
    this.giveUp.abort();
  }

  /**
   * Waits for the turn in hand (a write in flight may finish; after `stopTimeoutMs`
   * it is abandoned), then stops the heartbeat. Entries held for a retry stay
   * pending at this consumer.
   */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inTurn !== undefined) {
      const timer = setTimeout(() => {
        this.abandon();
      }, this.options.stopTimeoutMs);
      timer.unref();
      await this.inTurn.catch(() => undefined);
      clearTimeout(timer);
    }
    this.heartbeat?.stop();
    this.heartbeat = undefined;
    if (outboxChannel.hasSubscribers) {
      new CycleReport(this.cycle.group, this.cycle.delivery).publish(true);
    }
  }
}
