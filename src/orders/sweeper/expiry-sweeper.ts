import { saleContextOf } from '../../sale/sale-reference.js';
import type { SaleReference } from '../../sale/sale-reference.js';
import type { FlashSale } from '../../sale/flash-sale.js';
import type { SaleContext } from '../../sale/sale-context.js';
import { expire } from '../../sale/ops/expire.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { Leadership } from './leadership.js';
import type { ExpirySweeperOptions, SweeperErrorHandler } from './sweeper-options.js';
import { EXPIRY_SWEEPER_SPEC } from './sweeper-spec.js';
import { sweepChannel } from '../../shared/diagnostics/sweep-message.js';
import { SweepReport } from './sweep-report.js';

/** A reference that is a FlashSale (or a double of one) with its own `expire`. */
function hasExpire(sale: SaleReference): sale is SaleReference & Pick<FlashSale, 'expire'> {
  return typeof Reflect.get(sale, 'expire') === 'function';
}

interface Swept {
  readonly sale: SaleReference;
  readonly context: SaleContext;
  readonly leadership: Leadership | undefined;
}

/**
 * Runs {@link FlashSale.expire} on an interval, so unpaid holds return to stock
 * on time without anyone calling it. Run one in every app process: each hold is
 * released exactly once however many sweep at the same moment (optionally only
 * one process per sale sweeps, through a lock). Its timers never keep the
 * process alive.
 *
 * A payment racing its hold's expiry is safe whichever runs first: `confirm`
 * after the deadline releases the hold itself and refuses, and `expire` never
 * touches a hold that is sold.
 *
 * @example
 * ```ts
 * const sweeper = new ExpirySweeper({ sales: [sale], intervalMs: 500 });
 * sweeper.start();
 * // on shutdown:
 * await sweeper.stop();
 * ```
 * @group Order pipeline
 */
export class ExpirySweeper {
  private readonly sales: readonly Swept[];
  private readonly intervalMs: number;
  private readonly maxReleasesPerCall: number;
  private readonly onError: SweeperErrorHandler;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private started = false;

  /**
   * @param options - the sales and tuning; see {@link ExpirySweeperOptions}
   * @throws {@link InvalidArgumentError} when an option is unknown, missing or invalid
   *   (naming it and quoting its value), or a sale is not a {@link FlashSale} or a valid {@link SaleReference}
   */
  constructor(options: ExpirySweeperOptions) {
    const resolved = resolveOptions(EXPIRY_SWEEPER_SPEC, options);
    const { lock, leaseMs } = resolved;
    this.intervalMs = resolved.intervalMs;
    this.maxReleasesPerCall = resolved.maxReleasesPerCall;
    this.onError = resolved.onError;
    this.sales = resolved.sales.map((sale) => {
      const context = saleContextOf(sale);
      const name = `expiry-sweeper:${context.keys.meta}`;
      return {
        sale,
        context,
        leadership: lock === undefined ? undefined : new Leadership(lock, name, leaseMs),
      };
    });
  }

  /** True from {@link ExpirySweeper.start} until {@link ExpirySweeper.stop}. */
  get running(): boolean {
    return this.started;
  }

  /** Starts sweeping: the first sweep at once, then every `intervalMs` after the last one ended. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /**
   * Stops sweeping: waits for a sweep in progress, then gives up any leadership.
   * Never rejects: an error giving up leadership goes to `onError`.
   */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
    await Promise.all(
      this.sales.map(async ({ sale, leadership }) =>
        leadership?.resign().catch((error: unknown) => {
          this.report(error, sale);
        }),
      ),
    );
  }

  /**
   * One sweep now, over every sale this process leads (all of them without a
   * lock): releases every overdue hold, `maxReleasesPerCall` per call. Never
   * rejects: a sale's error (Redis failing, damaged data) goes to `onError`, and that
   * sale's count stops where it failed.
   *
   * @returns how many holds this sweep released
   */
  async sweep(): Promise<number> {
    const counts = await Promise.all(this.sales.map(async (swept) => this.sweepSale(swept)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  private async sweepSale({ sale, context, leadership }: Swept): Promise<number> {
    // only while diagnostics are observed: what this sweep of the sale did
    const report = sweepChannel.hasSubscribers ? new SweepReport(context.saleId) : undefined;
    let released = 0;
    let led = false;
    try {
      led = leadership === undefined || (await leadership.lead());
      if (!led) {
        report?.publish(false);
        return 0;
      }
      let more = true;
      while (more) {
        const options = { maxBatchSize: this.maxReleasesPerCall };
        // a FlashSale (or a double) expires through its own method; a plain reference directly
        const result = hasExpire(sale)
          ? await sale.expire(options)
          : await expire(context, options);
        released += result.released.length;
        report?.add(result.released);
        more = result.more;
      }
    } catch (error) {
      report?.fail(error);
      this.report(error, sale);
    }
    report?.publish(led);
    return released;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.current = this.sweep().finally(() => {
        this.current = undefined;
        if (this.started) this.schedule(this.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private report(error: unknown, sale: SaleReference): void {
    try {
      this.onError(error, sale.saleId);
    } catch {
      // a throwing error handler must not stop the sweeper
    }
  }
}
