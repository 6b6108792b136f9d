/**
 * A per-buyer limit on purchase attempts, in this process: at most `max`
 * attempts per `windowMs` (a fixed window), the rest answered 429 with
 * `Retry-After`. It keeps one buyer's script from hammering the sale; it is an
 * example's stand-in for the limit your gateway or a shared store enforces across
 * servers.
 */

/** Options of {@link BuyerRateLimiter}. */
export interface BuyerRateLimitOptions {
  /** Attempts allowed per window. */
  readonly max: number;
  /** The window's length in ms. */
  readonly windowMs: number;
}

/** The default: 5 purchase attempts per buyer per 10 s. */
export const DEFAULT_BUYER_RATE_LIMIT: BuyerRateLimitOptions = { max: 5, windowMs: 10_000 };

// Windows of buyers who stopped coming are dropped once there are this many.
const PRUNE_AT = 10_000;

/** Counts purchase attempts per buyer. */
export class BuyerRateLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  constructor(private readonly options: BuyerRateLimitOptions = DEFAULT_BUYER_RATE_LIMIT) {}

  /** Counts one attempt by `buyer`: 0 to go ahead, or the ms until the next is allowed. */
  take(buyer: string, nowMs = Date.now()): number {
    const current = this.windows.get(buyer);
    if (current === undefined || nowMs - current.startedAt >= this.options.windowMs) {
      if (this.windows.size >= PRUNE_AT) this.prune(nowMs);
      this.windows.set(buyer, { startedAt: nowMs, count: 1 });
      return 0;
    }
    current.count += 1;
    return current.count <= this.options.max
      ? 0
      : current.startedAt + this.options.windowMs - nowMs;
  }

  private prune(nowMs: number): void {
    for (const [buyer, window] of this.windows) {
      if (nowMs - window.startedAt >= this.options.windowMs) this.windows.delete(buyer);
    }
  }
}
