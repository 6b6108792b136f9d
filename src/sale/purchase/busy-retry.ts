import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

/**
 * The largest {@link FlashSaleOptions.maxPendingPurchases} short of `Infinity`.
 * @internal
 */
export const MAX_PENDING_PURCHASES = 1_000_000;

/**
 * `value` as a {@link FlashSaleOptions.maxPendingPurchases}: an integer from 1 to
 * {@link MAX_PENDING_PURCHASES}, or `Infinity` for no bound.
 * @internal
 */
export function pendingBound(value: unknown): number {
  if (value === Number.POSITIVE_INFINITY) return value;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_PENDING_PURCHASES
  ) {
    throw new InvalidArgumentError(
      'maxPendingPurchases',
      value,
      `an integer from 1 to ${String(MAX_PENDING_PURCHASES)}, or Infinity`,
    );
  }
  return value;
}

// A drain rate measured over less than this is mostly noise (one reply can settle
// 64 purchases at once); one measured longer ago than the horizon is stale.
const MIN_SAMPLE_MS = 5;
const SAMPLE_HORIZON_MS = 1000;
// Before any rate is known: about one batch's round trip on a loaded Redis.
const FIRST_GUESS_MS = 50;

/**
 * How long a purchase refused as `busy` should wait: the time this process needs
 * to work off the backlog it found, from the rate at which purchases were being
 * answered between recent refusals.
 *
 * The batcher counts answers (an integer add per purchase); the clock is read
 * only when a purchase is refused, so a process that is never overloaded pays
 * nothing for this. The answer is capped at the Redis time limit: no backlog
 * outlives it, since every purchase in it is answered or fails by then.
 * @internal
 */
export class BusyRetry {
  private answered = 0;
  private sampleAtMs = Number.NaN;
  private sampleAnswered = 0;
  /** Purchases answered per ms, 0 until measured. */
  private perMs = 0;

  constructor(private readonly capMs: number) {}

  /** One purchase was answered (or failed). */
  noteAnswered(): void {
    this.answered += 1;
  }

  /** The wait, in whole ms from 1 to the cap, for a backlog of `pending` purchases. */
  retryAfterMs(pending: number): number {
    const now = performance.now();
    const age = now - this.sampleAtMs;
    if (!(age < SAMPLE_HORIZON_MS)) {
      this.sampleAtMs = now; // first refusal, or the last sample is stale
      this.sampleAnswered = this.answered;
    } else if (age >= MIN_SAMPLE_MS) {
      this.perMs = (this.answered - this.sampleAnswered) / age;
      this.sampleAtMs = now;
      this.sampleAnswered = this.answered;
    }
    const waitMs = this.perMs > 0 ? pending / this.perMs : FIRST_GUESS_MS;
    return Math.min(this.capMs, Math.max(1, Math.ceil(waitMs)));
  }
}
