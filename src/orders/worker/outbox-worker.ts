import { abortableSleep, fullJitterMs } from '../../shared/timing/abortable-sleep.js';
import { OutboxGroup } from '../outbox/outbox-group.js';
import type { EventEntry } from '../outbox/decode-entry.js';
import { saleContextOf } from '../../sale/sale-reference.js';
import { isSaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import type { RedisClient } from '../../shared/redis/redis-client.js';
import { Delivery } from './delivery.js';
import { duplicateClient } from './duplicate-client.js';
import { GroupReader } from './group-reader.js';
import { Heartbeat } from './heartbeat.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { OUTBOX_WORKER_SPEC, type ResolvedWorkerOptions } from './worker-spec.js';
import type { OutboxWorkerOptions, WorkerStage } from './worker-options.js';
import type { OutboxWorkerStats } from './worker-stats.js';
import { outboxChannel } from '../../shared/diagnostics/outbox-message.js';
import { CycleReport } from './cycle-report.js';

/** One run of the worker, from start() to the end of stop(). */
interface Session {
  /** Aborted by stop(): finish the cycle in hand, then leave. */
  readonly stop: AbortController;
  /** Aborted stopTimeoutMs after stop(): abandon a write still in flight. */
  readonly giveUp: AbortController;
  readonly blocking: RedisClient;
  readonly reader: GroupReader;
  readonly heartbeat: Heartbeat;
  done?: Promise<void>;
  stopped?: Promise<void>;
}

/** Consumers that hold nothing and were idle this many reclaim periods are forgotten. */
const FORGET_AFTER_RECLAIM_PERIODS = 10;

/**
 * Delivers a sale's outbox to an {@link OrderSink}, at least once, surviving
 * crashes: run one or more in any processes (a consumer group shares the work).
 *
 * Each cycle takes up to `maxEventsPerWrite` events (retries that are due first, then
 * events other workers left idle for `reclaimIdleMs`, then new ones), writes them
 * to the sink and acknowledges them only after the sink resolved. A failed write
 * is retried with exponential backoff and jitter; an event that failed before is
 * retried alone, so one bad event cannot drag its batch-mates along. After
 * `maxAttempts` the event goes to the dead-letter stream ({@link readDeadLetters});
 * for a `reserved` event the hold is released first (stock and allowance back),
 * which is an event of its own (`failed`). A reservation's later event waits until
 * its `reserved` event is written or dead-lettered, so the sink sees them in order.
 * Acknowledged entries are trimmed from the stream; undelivered ones never are, so
 * with no worker running the stream grows by one entry per transition
 * (docs/order-pipeline.md, "Memory"). Every script it runs is safe to run twice
 * (ioredis re-sends a call whose reply was lost), and none writes once the sale's
 * keys are gone: the worker then reports one `SaleNotLoadedError` and waits quietly.
 *
 * @example
 * ```ts
 * const worker = new OutboxWorker({ sale, sink: postgresSink });
 * worker.start();
 * process.on('SIGTERM', () => void worker.stop());
 * ```
 * @group Order pipeline
 */
export class OutboxWorker {
  private readonly options: ResolvedWorkerOptions;
  private readonly group: OutboxGroup;
  private readonly delivery: Delivery;
  private session: Session | undefined;
  private nextReclaimAtMs = 0;
  private nextTrimAtMs = 0;
  /** The sale's keys were found gone and that was reported; reset by a delivery. */
  private saleGoneReported = false;

  /**
   * @param options - the sale, the sink and tuning; see {@link OutboxWorkerOptions}
   * @throws {@link InvalidArgumentError} when an option is unknown, missing or invalid
   *   (naming it and quoting its value), or `sale` is not a {@link FlashSale} or a valid {@link SaleReference}
   */
  constructor(options: OutboxWorkerOptions) {
    this.options = resolveOptions(OUTBOX_WORKER_SPEC, options);
    const context = saleContextOf(this.options.sale);
    this.group = new OutboxGroup(context, this.options.group, this.options.consumer);
    this.delivery = new Delivery(this.group, this.options, context, (error, stage) => {
      this.report(error, stage);
    });
  }

  /** This worker's consumer name in the group. */
  get consumer(): string {
    return this.options.consumer;
  }

  /** True from {@link OutboxWorker.start} until {@link OutboxWorker.stop} has finished. */
  get running(): boolean {
    return this.session !== undefined;
  }

  /** Counters of what this worker has done. */
  stats(): OutboxWorkerStats {
    return { ...this.delivery.counts };
  }

  /**
   * Starts delivering in the background. Errors never escape: they go to
   * `onError` and the worker retries. Calling it while running does nothing.
   */
  start(): void {
    if (this.session !== undefined) return;
    const context = this.group.context;
    // Blocking reads get a connection of their own, so they never delay other commands.
    const blocking = duplicateClient(context.client);
    const session: Session = {
      stop: new AbortController(),
      giveUp: new AbortController(),
      blocking,
      reader: new GroupReader(context, blocking, this.options.group, this.options.consumer),
      heartbeat: new Heartbeat(
        this.group,
        () => this.delivery.positions(),
        (position) => {
          this.delivery.held.drop(position);
        },
        (error, stage) => {
          this.report(error, stage);
        },
        Math.ceil(this.options.reclaimIdleMs / 3),
      ),
    };
    this.session = session;
    session.done = this.run(session);
  }

  /**
   * Stops after the cycle in hand: a write in flight may finish within
   * `stopTimeoutMs` and is then acknowledged; past that it is abandoned without
   * acknowledgement and its events are reclaimed later. Nothing that was not
   * written is ever acknowledged. Events waiting for a retry stay pending for
   * another worker (or this one, restarted) to reclaim. Never rejects.
   */
  async stop(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    session.stopped ??= this.finish(session);
    return session.stopped;
  }

  private async finish(session: Session): Promise<void> {
    session.stop.abort();
    const timer = setTimeout(() => {
      session.giveUp.abort();
    }, this.options.stopTimeoutMs);
    timer.unref();
    await session.done;
    clearTimeout(timer);
    session.heartbeat.stop();
    session.blocking.disconnect();
    this.session = undefined;
    if (outboxChannel.hasSubscribers) new CycleReport(this.group, this.delivery).publish(true);
  }

  private async run(session: Session): Promise<void> {
    let failures = 0;
    while (!session.stop.signal.aborted) {
      try {
        await this.cycle(session);
        failures = 0;
      } catch (error) {
        if (isSaleNotLoadedError(error)) {
          await this.saleGone(error, session);
          continue;
        }
        failures += 1;
        this.report(error, this.delivery.takeFailedStage());
        const { retryDelayMs, maxRetryDelayMs } = this.options;
        await this.pause(fullJitterMs(failures, retryDelayMs, maxRetryDelayMs), session);
      }
    }
  }

  private async cycle(session: Session): Promise<void> {
    // only while diagnostics are observed: what this cycle did, published at its end
    const report = outboxChannel.hasSubscribers
      ? new CycleReport(this.group, this.delivery)
      : undefined;
    try {
      await this.delivery.acknowledgeLeftovers();
      await this.trimIfDue();
      const candidates = await this.nextCandidates(session);
      report?.took(candidates);
      if (candidates.length === 0) return;
      await this.delivery.deliver(candidates, session.giveUp.signal);
      this.saleGoneReported = false;
    } catch (error) {
      report?.fail(error);
      throw error;
    } finally {
      report?.publish();
    }
  }

  /**
   * The sale's keys are gone (expired, or deleted): the pipeline's scripts wrote
   * nothing, and nothing the worker holds can be delivered any more. It forgets
   * those entries, reports the error once, and goes on waiting quietly for the sale
   * to be loaded again (the reader sleeps while the stream does not exist).
   */
  private async saleGone(error: unknown, session: Session): Promise<void> {
    const stage = this.delivery.takeFailedStage();
    this.delivery.forgetAll();
    if (!this.saleGoneReported) this.report(error, stage);
    this.saleGoneReported = true;
    await this.pause(this.options.blockMs, session);
  }

  /** Due retries first, then idle entries of other consumers, then new entries. */
  private async nextCandidates(session: Session): Promise<EventEntry[]> {
    const { maxEventsPerWrite, blockMs, reclaimIdleMs, maxHeldEvents } = this.options;
    const now = Date.now();
    const { held, counts } = this.delivery;
    const due = held.takeDue(now, maxEventsPerWrite);
    if (due.length > 0) return due;
    if (session.reader.scanning || now >= this.nextReclaimAtMs) {
      this.nextReclaimAtMs = now + Math.ceil(reclaimIdleMs / 2);
      const reclaimed = await this.delivery.usable(
        await session.reader.reclaim(maxEventsPerWrite, reclaimIdleMs),
      );
      counts.reclaimed += reclaimed.length;
      if (reclaimed.length > 0) return reclaimed;
    }
    const nextDue = held.nextDueAtMs();
    const waitMs = Math.max(1, Math.min(blockMs, (nextDue ?? Infinity) - now));
    if (held.size >= maxHeldEvents) {
      await this.pause(waitMs, session);
      return [];
    }
    return this.delivery.usable(
      await session.reader.readNew(maxEventsPerWrite, waitMs, session.stop.signal),
    );
  }

  private async trimIfDue(): Promise<void> {
    const now = Date.now();
    if (now < this.nextTrimAtMs) return;
    this.nextTrimAtMs = now + this.options.trimIntervalMs;
    const forgetIdleMs = FORGET_AFTER_RECLAIM_PERIODS * this.options.reclaimIdleMs;
    await this.group.trim(forgetIdleMs).catch((error: unknown) => {
      this.report(error, 'trim');
    });
  }

  private async pause(ms: number, session: Session): Promise<void> {
    await abortableSleep(ms, session.stop.signal).catch(() => undefined);
  }

  private report(error: unknown, stage: WorkerStage): void {
    try {
      this.options.onError?.(error, stage);
    } catch {
      // a throwing error handler must not stop delivery
    }
  }
}
