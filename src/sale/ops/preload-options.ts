import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { readOptions } from '../../shared/validate/options-object.js';

/**
 * Largest stock a sale can hold (kept well inside exact double arithmetic in Lua).
 * @group Options
 * @category Sale
 */
export const MAX_STOCK = 1_000_000_000;
/**
 * Largest per-user limit.
 * @group Options
 * @category Sale
 */
export const MAX_PER_USER_LIMIT = 1_000_000;
const DAY_MS = 86_400_000;
// Epoch milliseconds between 2000-01-01 and 2200-01-01: catches seconds passed as ms.
const MIN_EPOCH_MS = 946_684_800_000;
const MAX_EPOCH_MS = 7_258_118_400_000;

/**
 * The stock and rules of a sale, given to {@link FlashSale.preload}.
 * @group Options
 * @category Sale
 */
export interface PreloadOptions {
  /** Units for sale (0 is allowed: a sale that opens sold out, to be restocked). */
  readonly stock: number;
  /**
   * Most units one user may hold or have bought at once.
   * @defaultValue `1`
   */
  readonly perUserLimit?: number;
  /**
   * The payment window: a hold not confirmed this long after it was made is released.
   * @defaultValue `900000` (15 minutes)
   */
  readonly holdMs?: number;
  /** When buying opens, as Unix epoch milliseconds (Redis's clock decides). Open at once when absent. */
  readonly startMs?: number;
  /** When buying closes, as Unix epoch milliseconds. Holds made before it may still be confirmed. */
  readonly endMs?: number;
  /**
   * How long every key of the sale is kept after the last hold it can make has run
   * out: all keys expire at `endMs + holdMs + retainMs`. A sale without `endMs` can
   * sell for ever, so its keys never expire (end it by preloading an `endMs`).
   * @defaultValue `86400000` (one day)
   */
  readonly retainMs?: number;
  /**
   * How long a released reservation's record (and its idempotency key) is kept
   * after the release, for status pages and late retries; then it is dropped, so
   * a long sale does not grow with every cancel. Sold records are kept with the
   * sale. At least 1000.
   * @defaultValue `3600000` (one hour)
   */
  readonly historyMs?: number;
  /**
   * Load the sale even though Redis's `maxmemory-policy` may evict keys (anything
   * but `noeviction`), which can silently corrupt a live sale. Without it such a
   * server is refused with {@link UnsafeRedisConfigError}. A server that does not
   * allow `CONFIG GET` (some managed services) is not checked.
   * @defaultValue `false`
   */
  readonly allowEvictingRedis?: boolean;
  /**
   * Record every hold change in the sale's outbox stream, for delivery to an
   * order sink. The stream keeps every event until an `OutboxWorker` delivers it
   * (about 0.1 KB per transition; docs/order-pipeline.md, "Memory"); with `false`
   * no stream is written and nothing grows.
   * @defaultValue `true`
   */
  readonly outbox?: boolean;
  /**
   * Replace the settings of a sale that is already loaded with different ones.
   * Existing holds and sales are kept; the new stock must cover them.
   * @defaultValue `false`
   */
  readonly force?: boolean;
}

/**
 * Defaults of {@link PreloadOptions}.
 * @group Options
 * @category Sale
 */
export const PRELOAD_DEFAULTS = {
  /** {@inheritDoc PreloadOptions.perUserLimit} */
  perUserLimit: 1,
  /** {@inheritDoc PreloadOptions.holdMs} */
  holdMs: 15 * 60_000,
  /** {@inheritDoc PreloadOptions.retainMs} */
  retainMs: DAY_MS,
  /** {@inheritDoc PreloadOptions.historyMs} */
  historyMs: 60 * 60_000,
  /** {@inheritDoc PreloadOptions.allowEvictingRedis} */
  allowEvictingRedis: false,
  /** {@inheritDoc PreloadOptions.outbox} */
  outbox: true,
  /** {@inheritDoc PreloadOptions.force} */
  force: false,
} as const satisfies Partial<PreloadOptions>;

/** Preload options with defaults applied, checked. @internal */
export type ResolvedPreload = Required<Omit<PreloadOptions, 'startMs' | 'endMs'>> & {
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
};

function optionalEpoch(argument: string, value: unknown): number | undefined {
  return value === undefined
    ? undefined
    : integerInRange(argument, value, MIN_EPOCH_MS, MAX_EPOCH_MS);
}

/** The given value, or the default when absent; `null` stays, for the check to refuse. */
function orDefault(value: unknown, fallback: number): unknown {
  return value === undefined ? fallback : value;
}

function flag(argument: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, value, 'a boolean');
  return value;
}

const PRELOAD_SHAPE = {
  owner: 'preload',
  keys: [
    'stock',
    'perUserLimit',
    'holdMs',
    'startMs',
    'endMs',
    'retainMs',
    'historyMs',
    'allowEvictingRedis',
    'outbox',
    'force',
  ],
  optional: false,
} as const;

/** Applies defaults and validates; throws {@link InvalidArgumentError} naming the bad option. @internal */
export function resolvePreload(given: PreloadOptions): ResolvedPreload {
  const options = readOptions(given, PRELOAD_SHAPE);
  const startMs = optionalEpoch('startMs', options.startMs);
  const endMs = optionalEpoch('endMs', options.endMs);
  if (startMs !== undefined && endMs !== undefined && endMs <= startMs) {
    throw new InvalidArgumentError('endMs', endMs, `after startMs (${String(startMs)})`);
  }
  return {
    stock: integerInRange('stock', options.stock, 0, MAX_STOCK),
    perUserLimit: integerInRange(
      'perUserLimit',
      orDefault(options.perUserLimit, PRELOAD_DEFAULTS.perUserLimit),
      1,
      MAX_PER_USER_LIMIT,
    ),
    holdMs: integerInRange(
      'holdMs',
      orDefault(options.holdMs, PRELOAD_DEFAULTS.holdMs),
      1,
      30 * DAY_MS,
    ),
    startMs,
    endMs,
    retainMs: integerInRange(
      'retainMs',
      orDefault(options.retainMs, PRELOAD_DEFAULTS.retainMs),
      0,
      365 * DAY_MS,
    ),
    historyMs: integerInRange(
      'historyMs',
      orDefault(options.historyMs, PRELOAD_DEFAULTS.historyMs),
      1000,
      365 * DAY_MS,
    ),
    allowEvictingRedis: flag(
      'allowEvictingRedis',
      options.allowEvictingRedis,
      PRELOAD_DEFAULTS.allowEvictingRedis,
    ),
    outbox: flag('outbox', options.outbox, PRELOAD_DEFAULTS.outbox),
    force: flag('force', options.force, PRELOAD_DEFAULTS.force),
  };
}
