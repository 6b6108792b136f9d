import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { saleId as checkSaleId } from '../../sale/sale-id.js';
import { saleContextOf, type SaleReference } from '../../sale/sale-reference.js';
import type { OutboxWorkerStats } from '../worker/worker-stats.js';
import type { WorkerStage } from '../worker/worker-options.js';
import type { OutboxWorkerPoolOptions } from './pool-options.js';
import { OUTBOX_WORKER_POOL_SPEC, type ResolvedPoolOptions } from './pool-spec.js';
import { SaleLane } from './sale-lane.js';

/** One run of the pool, from start() to the end of stop(). */
interface Session {
  /** Aborted by stop(): every runner finishes the turn in hand, then leaves. */
  readonly stop: AbortController;
  /** Runners waiting for a lane to become ready. */
  readonly idle: (() => void)[];
  done?: Promise<void>;
  stopped?: Promise<void>;
}

type Counts = { -readonly [K in keyof OutboxWorkerStats]: number };

function add(into: Counts, counts: OutboxWorkerStats): void {
  into.written += counts.written;
  into.failedWrites += counts.failedWrites;
  into.deadLettered += counts.deadLettered;
  into.reclaimed += counts.reclaimed;
}

/**
 * Delivers the outboxes of many sales to one {@link OrderSink} with a bounded
 * number of connections: what an {@link OutboxWorker} does for one sale, for as
 * many as you add, with every guarantee of the worker (at least once, in order
 * per reservation, pending entries reclaimed after a crash, dead letters after
 * `maxAttempts`, holds of dead `reserved` events released).
 *
 * It opens no connection of its own: each sale is read with a non-blocking
 * `XREADGROUP` on the sale's own client, so 500 sales on one ioredis client use
 * that one connection (one per node on a Cluster), where 500 workers would add
 * 500 blocking ones. An idle sale is polled with a backoff from
 * `minPollIntervalMs` to `maxPollIntervalMs`; a sale whose read found events
 * goes straight back into the queue, behind every other ready sale, so a busy
 * sale gets one batch of `maxEventsPerWrite` per round and cannot starve the
 * others. At most `maxConcurrentSales` sales have a turn at once, and each sale
 * at most one, so one batch per sale is in flight at a time.
 *
 * Sales are added and removed explicitly ({@link OutboxWorkerPool.add},
 * {@link OutboxWorkerPool.remove}), at any time. The pool is one consumer
 * (`consumer`) in every sale's group: pools and workers of the same group share
 * the work, so several pools (in several processes) can serve the same sales.
 *
 * @example
 * ```ts
 * const pool = new OutboxWorkerPool({ sink: postgresSink, sales: [dropA, dropB] });
 * pool.start();
 * pool.add(dropC); // picked up at once
 * process.on('SIGTERM', () => void pool.stop());
 * ```
 * @group Order pipeline
 */
export class OutboxWorkerPool {
  private readonly options: ResolvedPoolOptions;
  private readonly lanes = new Map<string, SaleLane>();
  /** Lanes due for a turn, in the order they became due. */
  private ready: SaleLane[] = [];
  /** What removed sales had done, so {@link OutboxWorkerPool.stats} keeps counting it. */
  private readonly retired: Counts = { written: 0, failedWrites: 0, deadLettered: 0, reclaimed: 0 };
  private session: Session | undefined;

  /**
   * @param options - the sink, the first sales and tuning; see {@link OutboxWorkerPoolOptions}
   * @throws {@link InvalidArgumentError} when an option is unknown, missing or invalid
   *   (naming it and quoting its value), a sale is not a {@link FlashSale} or a valid
   *   {@link SaleReference} (`sales[2].saleId`), or two sales have the same id
   */
  constructor(options: OutboxWorkerPoolOptions) {
    this.options = resolveOptions(OUTBOX_WORKER_POOL_SPEC, options);
    const contexts = (this.options.sales ?? []).map((sale, index) =>
      saleContextOf(sale, `sales[${String(index)}]`),
    );
    contexts.forEach((context, index) => {
      if (this.lanes.has(context.saleId)) {
        throw new InvalidArgumentError(
          `sales[${String(index)}].saleId`,
          context.saleId,
          'a sale id not already in sales',
        );
      }
      this.lanes.set(context.saleId, this.lane(context));
    });
  }

  /** This pool's consumer name in every sale's group. */
  get consumer(): string {
    return this.options.consumer;
  }

  /** True from {@link OutboxWorkerPool.start} until {@link OutboxWorkerPool.stop} has finished. */
  get running(): boolean {
    return this.session !== undefined;
  }

  /** The ids of the sales the pool serves, in the order they were added. */
  get saleIds(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Serves one more sale, at once when the pool is running (its first turn is
   * queued behind the sales already due). Adding a sale the pool already serves
   * (the same id, prefix and client) does nothing and returns false.
   *
   * @param sale - a {@link FlashSale} or a {@link SaleReference}
   * @returns true when the sale was added
   * @throws {@link InvalidArgumentError} when `sale` is not a valid sale reference
   *   (naming the field), or the pool serves another sale with the same id
   *   (another key prefix or client)
   */
  add(sale: SaleReference): boolean {
    const context = saleContextOf(sale, 'sale');
    const existing = this.lanes.get(context.saleId);
    if (existing !== undefined) {
      const same =
        existing.context.keys.events === context.keys.events &&
        existing.context.client === context.client;
      if (same) return false;
      throw new InvalidArgumentError(
        'sale.saleId',
        context.saleId,
        'a sale id the pool does not serve yet (it serves one under another key prefix or client)',
      );
    }
    const lane = this.lane(context);
    this.lanes.set(context.saleId, lane);
    if (this.session !== undefined) {
      lane.open();
      this.schedule(lane, 0);
    }
    return true;
  }

  /**
   * Stops serving a sale: its turn in hand finishes (a write in flight may finish
   * within `stopTimeoutMs` and is acknowledged, else it is abandoned
   * unacknowledged); what it holds for a retry stays pending in Redis, for
   * another consumer (or this pool, after a new {@link OutboxWorkerPool.add}) to
   * reclaim after `reclaimIdleMs`. Its counts stay in {@link OutboxWorkerPool.stats}.
   * Never rejects for a sale the pool does not serve: it resolves false.
   *
   * @param saleId - the id of the sale
   * @returns true when the sale was served and is now removed
   * @throws {@link InvalidArgumentError} when `saleId` is not a valid sale id
   */
  async remove(saleId: string): Promise<boolean> {
    const id = checkSaleId(saleId, 'saleId');
    const lane = this.lanes.get(id);
    if (lane === undefined) return false;
    this.lanes.delete(id);
    lane.removed = true;
    this.ready = this.ready.filter((queued) => queued !== lane);
    await lane.close();
    add(this.retired, lane.cycle.delivery.counts);
    return true;
  }

  /** Counters over every sale this pool has served, removed ones included. */
  stats(): OutboxWorkerStats {
    const total = { ...this.retired };
    for (const lane of this.lanes.values()) add(total, lane.cycle.delivery.counts);
    return total;
  }

  /**
   * Counters of one sale the pool serves, or undefined for a sale it does not serve.
   * @param saleId - the id of the sale
   */
  saleStats(saleId: string): OutboxWorkerStats | undefined {
    const counts = this.lanes.get(saleId)?.cycle.delivery.counts;
    return counts === undefined ? undefined : { ...counts };
  }

  /**
   * Starts delivering in the background. Errors never escape: they go to
   * `onError` and the sale concerned backs off. Calling it while running does nothing.
   */
  start(): void {
    if (this.session !== undefined) return;
    const session: Session = { stop: new AbortController(), idle: [] };
    this.session = session;
    this.ready = [];
    for (const lane of this.lanes.values()) {
      lane.open();
      this.ready.push(lane);
    }
    const runners = Array.from({ length: this.options.maxConcurrentSales }, async () =>
      this.runner(session),
    );
    session.done = Promise.all(runners).then(() => undefined);
  }

  /**
   * Stops after the turns in hand, as {@link OutboxWorker.stop} does for each
   * sale: writes in flight may finish within `stopTimeoutMs` and are
   * acknowledged; past that they are abandoned unacknowledged and reclaimed
   * later. Never rejects.
   */
  async stop(): Promise<void> {
    const session = this.session;
    if (session === undefined) return;
    session.stopped ??= this.finish(session);
    return session.stopped;
  }

  private async finish(session: Session): Promise<void> {
    session.stop.abort();
    for (const wake of session.idle.splice(0)) wake();
    const timer = setTimeout(() => {
      for (const lane of this.lanes.values()) lane.abandon();
    }, this.options.stopTimeoutMs);
    timer.unref();
    await session.done;
    clearTimeout(timer);
    // every lane, also one added while stopping: no heartbeat or timer is left behind
    await Promise.all([...this.lanes.values()].map(async (lane) => lane.close()));
    this.ready = [];
    this.session = undefined;
  }

  /** Takes the lane that has been due longest, gives it a turn, schedules its next. */
  private async runner(session: Session): Promise<void> {
    while (!session.stop.signal.aborted) {
      const lane = this.ready.shift();
      if (lane === undefined) {
        await new Promise<void>((resolve) => session.idle.push(resolve));
        continue;
      }
      const delayMs = await lane.turn();
      this.schedule(lane, delayMs); // not when removed or stopping
    }
  }

  private schedule(lane: SaleLane, delayMs: number): void {
    const session = this.session;
    if (session === undefined || session.stop.signal.aborted || lane.removed) return;
    if (delayMs > 0) {
      lane.timer = setTimeout(() => {
        lane.timer = undefined;
        this.schedule(lane, 0);
      }, delayMs);
      lane.timer.unref();
      return;
    }
    this.ready.push(lane);
    session.idle.shift()?.();
  }

  private lane(context: SaleLane['context']): SaleLane {
    return new SaleLane(context, this.options, (error, stage) => {
      this.report(error, stage, context.saleId);
    });
  }

  private report(error: unknown, stage: WorkerStage, saleId: string): void {
    try {
      this.options.onError?.(error, stage, saleId);
    } catch {
      // a throwing error handler must not stop delivery
    }
  }
}
