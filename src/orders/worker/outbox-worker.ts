import { abortableSleep } from '../../shared/timing/abortable-sleep.js';
import { saleContextOf } from '../../sale/sale-reference.js';
import type { RedisClient } from '../../shared/redis/redis-client.js';
import { SaleCycle, type ReadNew } from './sale-cycle.js';
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
  private readonly cycle: SaleCycle;
  private session: Session | undefined;

  /**
   * @param options - the sale, the sink and tuning; see {@link OutboxWorkerOptions}
   * @throws {@link InvalidArgumentError} when an option is unknown, missing or invalid
   *   (naming it and quoting its value), or `sale` is not a {@link FlashSale} or a valid {@link SaleReference}
   */
  constructor(options: OutboxWorkerOptions) {
    this.options = resolveOptions(OUTBOX_WORKER_SPEC, options);
    this.cycle = new SaleCycle(saleContextOf(this.options.sale), this.options, (error, stage) => {
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
    return { ...this.cycle.delivery.counts };
  }

  /**
   * Starts delivering in the background. Errors never escape: they go to
   * `onError` and the worker retries. Calling it while running does nothing.
   */
  start(): void {
    if (this.session !== undefined) return;
    const context = this.cycle.group.context;
    // Blocking reads get a connection of their own, so they never delay other commands.
    const blocking = duplicateClient(context.client);
    const session: Session = {
      stop: new AbortController(),
      giveUp: new AbortController(),
      blocking,
      reader: new GroupReader(context, blocking, this.options.group, this.options.consumer),
      heartbeat: new Heartbeat(
        this.cycle.group,
        () => this.cycle.delivery.positions(),
        (position) => {
          this.cycle.delivery.held.drop(position);
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
    if (outboxChannel.hasSubscribers)
      new CycleReport(this.cycle.group, this.cycle.delivery).publish(true);
  }

  private async run(session: Session): Promise<void> {
    const readNew: ReadNew = async (reader, count, waitMs) =>
      reader.readNew(count, waitMs, session.stop.signal);
    while (!session.stop.signal.aborted) {
      const { pauseMs } = await this.cycle.turn(session.reader, readNew, session.giveUp.signal);
      if (pauseMs > 0) await this.pause(pauseMs, session);
    }
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
