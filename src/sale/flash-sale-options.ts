import type { RedisClient } from '../shared/redis/redis-client.js';

/**
 * How a {@link FlashSale} instance talks to Redis. Cheap to create: make one per
 * sale and share it across requests.
 * @group Options
 * @category Sale
 */
export interface FlashSaleOptions {
  /**
   * An ioredis client (`Redis` or `Cluster`). For fast failure when Redis is down,
   * create it with `maxRetriesPerRequest: 1` and `enableOfflineQueue: false`.
   */
  readonly redis: RedisClient;
  /** The sale's id: 1–64 characters from `A-Z a-z 0-9 _ . -`. */
  readonly saleId: string;
  /**
   * Prepended to every key, e.g. `'shop:'` gives `shop:{summer}:meta`.
   * @defaultValue `'flash-sale:'`
   */
  readonly keyPrefix?: string;
  /**
   * How long any one Redis call may take before it rejects with
   * {@link RedisTimeoutError}.
   * @defaultValue `2000`
   */
  readonly commandTimeoutMs?: number;
  /**
   * Purchases that arrive in the same event-loop turn are decided by one script
   * call, up to this many at a time, each with exactly its own result. `1` sends
   * one script call per purchase.
   * @defaultValue `64`
   */
  readonly maxBatchSize?: number;
  /**
   * Once Redis has answered `sold_out` for an item, this process answers
   * `sold_out` for it from memory, with no Redis command, until units come back:
   * the sale's scripts announce that on a pub/sub channel (one subscriber
   * connection per client, opened at the first sell-out), and the memory lapses
   * after {@link FlashSaleOptions.soldOutRecheckMs} in any case. Purchases with an
   * `idempotencyKey` always ask Redis (a retry must find its reservation). It only
   * ever refuses. `false`: every purchase asks Redis.
   * @defaultValue `true`
   */
  readonly rememberSoldOut?: boolean;
  /**
   * The longest this process answers `sold_out` from memory before asking Redis
   * again, in ms: the bound on a false `sold_out` when a reopen message is lost.
   * Also lapses at the moment the sale's earliest hold falls due, since its units
   * come back without a message.
   * @defaultValue `1000`
   */
  readonly soldOutRecheckMs?: number;
  /**
   * Most purchases this instance has waiting for Redis at once (queued for the
   * next script call or in one). One more is refused at once with `busy` and a
   * {@link PurchaseRejection.retryAfterMs}, with no Redis call, instead of queueing
   * without bound: under overload the purchases let in stay as fast as Redis
   * allows, and the ones turned away lose nothing and can retry (削峰). Purchases
   * answered from the sold-out memory never count. An integer from 1 to
   * 1,000,000, or `Infinity` for no bound. The default drains in well under the
   * default `commandTimeoutMs` at the rates one process reaches (docs/traffic-shaping.md).
   * @defaultValue `4096`
   */
  readonly maxPendingPurchases?: number;
  /**
   * The secret that signs and checks purchase tokens
   * ({@link FlashSale.issuePurchaseToken}): at least 32 bytes, e.g.
   * `crypto.randomBytes(32)`, the same in every process of the sale and never sent
   * to a browser. Without it this instance neither issues nor accepts tokens.
   * @defaultValue none
   */
  readonly purchaseTokenKey?: string | Uint8Array;
}

/**
 * Defaults of {@link FlashSaleOptions}.
 * @group Options
 * @category Sale
 */
export const FLASH_SALE_DEFAULTS = {
  /** {@inheritDoc FlashSaleOptions.keyPrefix} */
  keyPrefix: 'flash-sale:',
  /** {@inheritDoc FlashSaleOptions.commandTimeoutMs} */
  commandTimeoutMs: 2000,
  /** {@inheritDoc FlashSaleOptions.maxBatchSize} */
  maxBatchSize: 64,
  /** {@inheritDoc FlashSaleOptions.rememberSoldOut} */
  rememberSoldOut: true,
  /** {@inheritDoc FlashSaleOptions.soldOutRecheckMs} */
  soldOutRecheckMs: 1000,
  /** {@inheritDoc FlashSaleOptions.maxPendingPurchases} */
  maxPendingPurchases: 4096,
} as const satisfies Partial<FlashSaleOptions>;
