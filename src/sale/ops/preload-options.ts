import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { readOptions } from '../../shared/validate/options-object.js';

import { MAX_PER_USER_LIMIT, MAX_STOCK } from '../catalog/catalog-bounds.js';
import { catalogItems, type ResolvedItem } from '../catalog/catalog.js';
import { DEFAULT_ITEM } from '../catalog/item-id.js';

const DAY_MS = 86_400_000;
// Epoch milliseconds between 2000-01-01 and 2200-01-01: catches seconds passed as ms.
const MIN_EPOCH_MS = 946_684_800_000;
const MAX_EPOCH_MS = 7_258_118_400_000;

/**
 * Most attempts allowed per window: a burst of `attempts` at once, then one every
 * `windowMs / attempts` ms (GCRA, docs/traffic-shaping.md, "Rate limits").
 * @group Options
 * @category Sale
 */
export interface RateLimitRule {
  /** Attempts allowed per window, 1 to 1,000,000, and at most `windowMs` (one per ms on average). */
  readonly attempts: number;
  /** The window, ms, 1 to 86,400,000 (one day). */
  readonly windowMs: number;
}

/**
 * A sale's purchase rate limits, against bots: each attempt that passes counts
 * against its user and its client key; an attempt over either is answered
 * `rate_limited` with a `retryAfterMs`, counts for nothing, and holds nothing.
 * Decided inside the purchase's own script call, so a limit costs no round trip.
 * @group Options
 * @category Sale
 */
export interface RateLimits {
  /**
   * Attempts per user id.
   * @defaultValue none: no per-user rate limit
   */
  readonly perUser?: RateLimitRule;
  /**
   * Attempts per {@link PurchaseCommonOptions.clientKey} (an IP, a device id),
   * over all users. A purchase without a client key is not limited by it.
   * @defaultValue none: no per-client rate limit
   */
  readonly perClient?: RateLimitRule;
}

/**
 * The rules of a sale, common to both forms of {@link PreloadOptions}.
 * @group Options
 * @category Sale
 */
export interface PreloadRules {
  /**
   * Most units one user may hold or have bought at once. With `stock` (one item)
   * that is of the item; with `items` it is over all items together, and each
   * item also has its own {@link CatalogItem.perUserLimit}.
   * @defaultValue `1` with `stock`; no sale-wide limit with `items`
   */
  readonly perUserLimit?: number;
  /**
   * The payment window: a hold not confirmed this long after it was made is released.
   * @defaultValue `900000` (15 minutes)
   */
  readonly holdMs?: number;
  /**
   * How much longer than `holdMs` a hold may be made to last, in total, by
   * {@link FlashSale.extend} (a buyer stuck at 3-D Secure). `0` allows no extension.
   * @defaultValue `0`
   */
  readonly maxExtendMs?: number;
  /**
   * When buying opens, as Unix epoch milliseconds (Redis's clock decides). Open at once when absent.
   * @defaultValue none: open at once
   */
  readonly startMs?: number;
  /**
   * When buying closes, as Unix epoch milliseconds. Holds made before it may still be confirmed.
   * @defaultValue none: never closes
   */
  readonly endMs?: number;
  /**
   * How long every key of the sale is kept after the last hold it can make has run
   * out: all keys expire at `endMs + holdMs + maxExtendMs + retainMs`. A sale
   * without `endMs` can sell for ever, so its keys never expire (end it by
   * preloading an `endMs`).
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
   * Limit how often a user, or a client key, may try to buy: e.g. "a repeated
   * request within 10 s is ignored" is `{ perUser: { attempts: 1, windowMs: 10_000 } }`.
   * A retry of a known idempotency key gets its original answer and costs no
   * attempt. A forced preload may change the limits.
   * @defaultValue none: no rate limit
   */
  readonly rateLimit?: RateLimits;
  /**
   * Refuse every purchase that does not carry a good purchase token
   * (`invalid_token`): one from {@link FlashSale.issuePurchaseToken}, for this
   * buyer, not expired and not used before. Tokens are issued only once the sale
   * has started, so a bot cannot fire before the start (the hidden buy link). A
   * forced preload may turn it on or off.
   * @defaultValue `false`
   */
  readonly requirePurchaseToken?: boolean;
  /**
   * Replace the settings of a sale that is already loaded with different ones.
   * Existing holds and sales are kept; each listed item's new stock must cover
   * them. Items a forced preload does not list are kept as they are.
   * @defaultValue `false`
   */
  readonly force?: boolean;
}

/**
 * One item of a sale's catalog.
 * @group Options
 * @category Sale
 */
export interface CatalogItem {
  /** The item's id: 1–64 characters from `A-Z a-z 0-9 _ . -`. */
  readonly id: string;
  /** Units for sale (0 is allowed: restock it later). */
  readonly stock: number;
  /**
   * Most units of this item one user may hold or have bought at once.
   * @defaultValue `1`
   */
  readonly perUserLimit?: number;
}

/**
 * A sale of one item (its id is {@link DEFAULT_ITEM}): the shorthand.
 * @group Options
 * @category Sale
 */
export interface SingleItemPreload extends PreloadRules {
  /** Units for sale (0 is allowed: a sale that opens sold out, to be restocked). */
  readonly stock: number;
  /** Not with `stock`: give either `stock` or `items`. */
  readonly items?: never;
}

/**
 * A sale of a catalog of items, all in the sale's one Redis slot, so a cart
 * across them is reserved all or nothing.
 * @group Options
 * @category Sale
 */
export interface CatalogPreload extends PreloadRules {
  /** The items, 1 to {@link MAX_CATALOG_ITEMS}, each id once. */
  readonly items: readonly CatalogItem[];
  /** Not with `items`: give either `stock` or `items`. */
  readonly stock?: never;
}

/**
 * The stock and rules of a sale, given to {@link FlashSale.preload}: one item
 * (`stock`) or a catalog (`items`).
 * @group Options
 * @category Sale
 */
export type PreloadOptions = SingleItemPreload | CatalogPreload;

/**
 * Defaults of {@link PreloadOptions}.
 * @group Options
 * @category Sale
 */
export const PRELOAD_DEFAULTS = {
  /** {@inheritDoc PreloadRules.perUserLimit} */
  perUserLimit: 1,
  /** {@inheritDoc CatalogItem.perUserLimit} */
  itemPerUserLimit: 1,
  /** {@inheritDoc PreloadRules.holdMs} */
  holdMs: 15 * 60_000,
  /** {@inheritDoc PreloadRules.maxExtendMs} */
  maxExtendMs: 0,
  /** {@inheritDoc PreloadRules.retainMs} */
  retainMs: DAY_MS,
  /** {@inheritDoc PreloadRules.historyMs} */
  historyMs: 60 * 60_000,
  /** {@inheritDoc PreloadRules.allowEvictingRedis} */
  allowEvictingRedis: false,
  /** {@inheritDoc PreloadRules.outbox} */
  outbox: true,
  /** {@inheritDoc PreloadRules.requirePurchaseToken} */
  requirePurchaseToken: false,
  /** {@inheritDoc PreloadRules.force} */
  force: false,
} as const;

/** Preload options with defaults applied, checked. @internal */
export interface ResolvedPreload {
  readonly items: readonly ResolvedItem[];
  /** The sale-wide limit ({@link MAX_PER_USER_LIMIT} for none). */
  readonly perUserLimit: number;
  readonly holdMs: number;
  readonly maxExtendMs: number;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly retainMs: number;
  readonly historyMs: number;
  readonly allowEvictingRedis: boolean;
  readonly outbox: boolean;
  /**
   * The rate limits as preload-8.lua stores them ("<user attempts> <user window>
   * <client attempts> <client window>", 0 attempts for none), `''` for none.
   */
  readonly rateLimit: string;
  readonly requirePurchaseToken: boolean;
  readonly force: boolean;
}

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

/** Most attempts of a {@link RateLimitRule}. @internal */
export const MAX_RATE_ATTEMPTS = 1_000_000;

const RATE_LIMIT_SHAPE = {
  owner: 'preload rateLimit',
  keys: ['perUser', 'perClient'],
  optional: false,
  argument: 'rateLimit',
} as const;

const RATE_RULE_SHAPE = { keys: ['attempts', 'windowMs'], optional: false } as const;

/** One rule as "<attempts> <windowMs>", or "0 0" for none. */
function rateRule(argument: string, given: unknown): string {
  if (given === undefined) return '0 0';
  const rule = readOptions(given, { ...RATE_RULE_SHAPE, owner: argument, argument });
  const windowMs = integerInRange(`${argument}.windowMs`, rule.windowMs, 1, DAY_MS);
  const attempts = integerInRange(`${argument}.attempts`, rule.attempts, 1, MAX_RATE_ATTEMPTS);
  if (attempts > windowMs) {
    throw new InvalidArgumentError(
      `${argument}.attempts`,
      attempts,
      `at most windowMs (${String(windowMs)}): one attempt per ms on average`,
    );
  }
  return `${String(attempts)} ${String(windowMs)}`;
}

/** The rate limits as the scripts store them, `''` for none. */
function rateLimits(given: unknown): string {
  if (given === undefined) return '';
  const limits = readOptions(given, RATE_LIMIT_SHAPE);
  const perUser = rateRule('rateLimit.perUser', limits.perUser);
  const perClient = rateRule('rateLimit.perClient', limits.perClient);
  return perUser === '0 0' && perClient === '0 0' ? '' : `${perUser} ${perClient}`;
}

const PRELOAD_SHAPE = {
  owner: 'preload',
  keys: [
    'stock',
    'items',
    'perUserLimit',
    'holdMs',
    'maxExtendMs',
    'startMs',
    'endMs',
    'retainMs',
    'historyMs',
    'allowEvictingRedis',
    'outbox',
    'rateLimit',
    'requirePurchaseToken',
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
  const single = options.items === undefined;
  if (single === (options.stock === undefined)) {
    throw new InvalidArgumentError(
      single ? 'stock' : 'items',
      single ? options.stock : options.items,
      'either stock (one item) or items (a catalog), not both',
    );
  }
  const perUserLimit =
    single || options.perUserLimit !== undefined
      ? integerInRange(
          'perUserLimit',
          orDefault(options.perUserLimit, PRELOAD_DEFAULTS.perUserLimit),
          1,
          MAX_PER_USER_LIMIT,
        )
      : MAX_PER_USER_LIMIT;
  return {
    items: single
      ? [
          {
            id: DEFAULT_ITEM,
            stock: integerInRange('stock', options.stock, 0, MAX_STOCK),
            limit: 0,
          },
        ]
      : catalogItems(options.items),
    perUserLimit,
    holdMs: integerInRange(
      'holdMs',
      orDefault(options.holdMs, PRELOAD_DEFAULTS.holdMs),
      1,
      30 * DAY_MS,
    ),
    maxExtendMs: integerInRange(
      'maxExtendMs',
      orDefault(options.maxExtendMs, PRELOAD_DEFAULTS.maxExtendMs),
      0,
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
    rateLimit: rateLimits(options.rateLimit),
    requirePurchaseToken: flag(
      'requirePurchaseToken',
      options.requirePurchaseToken,
      PRELOAD_DEFAULTS.requirePurchaseToken,
    ),
    force: flag('force', options.force, PRELOAD_DEFAULTS.force),
  };
}
