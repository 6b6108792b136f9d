import { cancel } from './ops/cancel.js';
import { confirm } from './ops/confirm.js';
import { expire, type ExpireOptions, type ExpireResult } from './ops/expire.js';
import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { preload, type PreloadOutcome } from './ops/preload.js';
import type { PreloadOptions } from './ops/preload-options.js';
import { PurchaseBatcher } from './purchase/purchase-batcher.js';
import { pendingBound } from './purchase/busy-retry.js';
import { PurchaseTokens } from './tokens/purchase-tokens.js';
import type { PurchaseTokenOptions, PurchaseTokenResult } from './tokens/issue-purchase-token.js';
import { MAX_SOLD_OUT_RECHECK_MS, SoldOutMemory } from './sold-out/sold-out-memory.js';
import {
  cartRequest,
  purchaseRequest,
  type PurchaseRequest,
  type CartOptions,
  type PurchaseOptions,
} from './purchase/purchase-options.js';
import { extend } from './ops/extend.js';
import { itemStats, type ItemStatsPage } from './status/item-stats.js';
import { itemIds, type ItemIdsOptions, type ItemIdsPage } from './status/item-ids.js';
import {
  heldReservations,
  type HeldReservationsOptions,
  type HeldReservationsPage,
} from './status/held-reservations.js';
import type { PurchaseResult } from './purchase/purchase-result.js';
import { restock, type RestockOptions } from './ops/restock.js';
import { reservationStatus } from './status/reservation-status.js';
import { saleStats, type SaleStats } from './status/sale-stats.js';
import { userStatus, type UserStatus } from './status/user-status.js';
import { integerInRange } from '../shared/validate/integer-in-range.js';
import { readOptions } from '../shared/validate/options-object.js';
import { FLASH_SALE_DEFAULTS, type FlashSaleOptions } from './flash-sale-options.js';
import type { Reservation } from './reservation.js';
import type { SaleContext } from './sale-context.js';
import { saleContextOf } from './sale-reference.js';
import type { RedisClient } from '../shared/redis/redis-client.js';

const FLASH_SALE_SHAPE = {
  owner: 'FlashSale',
  keys: [
    'redis',
    'saleId',
    'keyPrefix',
    'commandTimeoutMs',
    'maxBatchSize',
    'rememberSoldOut',
    'soldOutRecheckMs',
    'maxPendingPurchases',
    'purchaseTokenKey',
  ],
  optional: false,
} as const;
const CANCEL_SHAPE = { owner: 'cancel', keys: ['reason'], optional: true } as const;

/**
 * Options of {@link FlashSale.cancel}.
 * @group Options
 * @category Sale
 */
export interface CancelOptions {
  /**
   * `'cancelled'` for a release the buyer or app asked for; `'failed'` when the
   * order could not be written and the hold is released to compensate.
   * @defaultValue `'cancelled'`
   */
  readonly reason?: 'cancelled' | 'failed';
}

/**
 * One flash sale on Redis, of one item or a catalog of items: sells exactly the
 * stock of each, at most the per-user limits (the sale's and each item's) per
 * buyer, reserves a cart of several items all or nothing, holds each purchase
 * for a payment window and returns unpaid units on time. Every state change is one bundled Lua script,
 * atomic and safe to retry, and the clock that decides is Redis's own.
 *
 * Expected outcomes (sold out, limit reached, …) are result values; misuse, bad
 * input and infrastructure failures are typed errors ({@link FlashSaleError}).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { FlashSale } from 'flash-sale';
 *
 * const sale = new FlashSale({ redis: new Redis(), saleId: 'phone-drop' });
 * await sale.preload({ stock: 100, perUserLimit: 1, holdMs: 15 * 60_000 });
 *
 * const result = await sale.tryPurchase('user-42', { idempotencyKey: 'req-9f1c' });
 * if (result.ok) {
 *   // take payment, then:
 *   await sale.confirm(result.reservation.id);
 * }
 * ```
 * @group Sale
 */
export class FlashSale {
  /** The sale's id. */
  readonly saleId: string;
  /** The client the sale's keys live on. */
  readonly redis: RedisClient;
  /** The prefix of the sale's keys. */
  readonly keyPrefix: string;
  /** How long one Redis call may take before it fails with {@link RedisTimeoutError}. */
  readonly commandTimeoutMs: number;
  private readonly context: SaleContext;
  private readonly batcher: PurchaseBatcher;
  private readonly soldOut: SoldOutMemory | undefined;
  private readonly tokens: PurchaseTokens;

  /**
   * @param options - the client, the sale id and tuning; see {@link FlashSaleOptions}
   * @throws {@link InvalidArgumentError} when `options` is not an object, `saleId` or
   *   `keyPrefix` is malformed, `redis` is not a client, or `commandTimeoutMs`,
   *   `maxBatchSize`, `soldOutRecheckMs` or `maxPendingPurchases` is out of range, or
   *   `purchaseTokenKey` is shorter than 32 bytes
   */
  constructor(options: FlashSaleOptions) {
    const given = readOptions(options, FLASH_SALE_SHAPE);
    // a FlashSale is a SaleReference: the pipeline reaches it through these fields
    this.context = saleContextOf(
      {
        redis: given.redis,
        saleId: given.saleId,
        keyPrefix: given.keyPrefix,
        commandTimeoutMs: given.commandTimeoutMs,
      },
      '', // errors name the option itself: `saleId`, not `options.saleId`
    );
    this.saleId = this.context.saleId;
    this.redis = this.context.client;
    this.keyPrefix =
      given.keyPrefix === undefined ? FLASH_SALE_DEFAULTS.keyPrefix : (given.keyPrefix as string);
    this.commandTimeoutMs = this.context.commandTimeoutMs;
    const maxBatchSize = integerInRange(
      'maxBatchSize',
      given.maxBatchSize === undefined ? FLASH_SALE_DEFAULTS.maxBatchSize : given.maxBatchSize,
      1,
      1000,
    );
    // `=== undefined`, not `??`: a null is refused by name like any other bad value
    const rememberSoldOut =
      given.rememberSoldOut === undefined
        ? FLASH_SALE_DEFAULTS.rememberSoldOut
        : given.rememberSoldOut;
    if (typeof rememberSoldOut !== 'boolean') {
      throw new InvalidArgumentError('rememberSoldOut', rememberSoldOut, 'true or false');
    }
    const soldOutRecheckMs = integerInRange(
      'soldOutRecheckMs',
      given.soldOutRecheckMs === undefined
        ? FLASH_SALE_DEFAULTS.soldOutRecheckMs
        : given.soldOutRecheckMs,
      1,
      MAX_SOLD_OUT_RECHECK_MS,
    );
    this.soldOut = rememberSoldOut
      ? new SoldOutMemory(this.context.client, this.context.keys.reopened, soldOutRecheckMs)
      : undefined;
    const maxPendingPurchases = pendingBound(
      given.maxPendingPurchases === undefined
        ? FLASH_SALE_DEFAULTS.maxPendingPurchases
        : given.maxPendingPurchases,
    );
    this.tokens = new PurchaseTokens(this.context, given.purchaseTokenKey);
    this.batcher = new PurchaseBatcher(
      this.context,
      maxBatchSize,
      maxPendingPurchases,
      this.soldOut,
    );
  }

  /** This process's own call may have returned units: no sold_out from memory now. */
  private afterReopen<T>(result: T): T {
    this.soldOut?.reopened();
    return result;
  }

  /**
   * Loads the sale's stock and rules. Repeating the same preload changes nothing
   * (`'unchanged'`); different settings on a loaded sale throw
   * {@link SaleConflictError} unless `force: true`, which keeps every existing
   * hold and sale (and refuses a per-user limit below what a buyer already has:
   * {@link LimitConflictError}). A Redis whose `maxmemory-policy` may evict keys is
   * refused ({@link UnsafeRedisConfigError}) unless `allowEvictingRedis: true`.
   * Safe to re-send: a copy of this call re-sent after a reconnect answers as the
   * first one did.
   *
   * @throws {@link InvalidArgumentError} when an option is missing, of the wrong type or out
   *   of range, or `endMs + holdMs + retainMs` is not after Redis's time (nothing written)
   * @throws {@link UnsafeRedisConfigError} when Redis's `maxmemory-policy` may evict keys and
   *   `allowEvictingRedis` is not set
   * @throws {@link SaleConflictError} when the sale is loaded with other settings and `force`
   *   is not set
   * @throws {@link StockConflictError} when a forced preload's `stock` is below the units
   *   already held or sold
   * @throws {@link LimitConflictError} when a forced preload's `perUserLimit` is below what a
   *   buyer already holds or bought
   * @throws {@link SaleDataError} when a forced preload finds the sale's data in Redis
   *   missing or malformed (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async preload(options: PreloadOptions): Promise<PreloadOutcome> {
    return this.afterReopen(await preload(this.context, options));
  }

  /**
   * Adds units (`delta > 0`) to one item or withdraws available units of it
   * (`delta < 0`) during the sale. Held and sold units are never withdrawn:
   * asking for more than is available throws {@link StockConflictError}.
   *
   * @returns the item's units available afterwards
   * @throws {@link InvalidArgumentError} when `delta` is not a non-zero integer within
   *   ±{@link MAX_STOCK}, would take the sale's stock over its life past its bound, or
   *   `item` is not an item id
   * @throws {@link UnknownItemError} when the catalog has no such item
   * @throws {@link SaleNotLoadedError} when the sale is not loaded
   * @throws {@link StockConflictError} when a withdrawal asks for more units than are
   *   available
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async restock(delta: number, options?: RestockOptions): Promise<number> {
    return this.afterReopen(await restock(this.context, delta, options));
  }

  /**
   * Tries to reserve units of one item for a buyer: checks the sale's rate limits
   * ({@link PreloadRules.rateLimit}, per user and per `clientKey`), the sale window,
   * the sale's and the item's per-user limits and the item's stock, and on success
   * holds the units until the payment deadline.
   * When stock (or the buyer's allowance) is short, holds whose deadline has
   * passed are released first, so unpaid units come back even with no sweeper.
   * Expected refusals are results (`{ ok: false, reason }`), never rejections.
   * With an idempotency key a retried request returns the original reservation.
   *
   * @throws {@link InvalidArgumentError} when `userId`, `idempotencyKey` or `clientKey` is not
   *   a non-empty well-formed string of at most {@link MAX_TEXT_ID_BYTES} bytes, `item` is not an item
   *   id, `quantity` is out of range, `metadata` is not valid {@link ReservationMetadata},
   *   `options` is not an object, or a `purchaseToken` is given to an instance made
   *   without `purchaseTokenKey`
   * @throws {@link UnknownItemError} when the catalog has no such item (nothing reserved)
   * @throws {@link IdempotencyConflictError} when `idempotencyKey` was first used with
   *   another user, item or quantity (nothing reserved)
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async tryPurchase(userId: string, options?: PurchaseOptions): Promise<PurchaseResult> {
    return this.decide(purchaseRequest(userId, options));
  }

  /**
   * Issues a purchase token for a buyer: signed with
   * {@link FlashSaleOptions.purchaseTokenKey}, good for one purchase by this buyer
   * within `ttlMs`, and only issued once the sale has started. Serve it with the
   * page that shows the buy button, and pass it as
   * {@link PurchaseCommonOptions.purchaseToken}: a sale preloaded with
   * `requirePurchaseToken` refuses a purchase without a good token
   * (`invalid_token`), so a bot cannot buy before the start, nor twice with one
   * token (the seckill practice of hiding the buy link until it opens).
   *
   * @example
   * ```ts
   * const issued = await sale.issuePurchaseToken(userId);
   * if (issued.ok) page.buyButton(issued.token); // else 'not_started', 'ended', …
   * // later, on the click:
   * await sale.tryPurchase(userId, { purchaseToken: tokenFromForm });
   * ```
   * @throws {@link InvalidArgumentError} when this instance has no `purchaseTokenKey`,
   *   `userId` is not a well-formed id, `ttlMs` is out of range or `options` is not an object
   * @throws {@link SaleDataError} when the sale's data in Redis is malformed
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async issuePurchaseToken(
    userId: string,
    options?: PurchaseTokenOptions,
  ): Promise<PurchaseTokenResult> {
    return this.tokens.issue(userId, options);
  }

  /**
   * One validated purchase through the in-process defences, cheapest first, and on
   * to Redis: a token's signature, the sold-out memory, the `busy` bound.
   */
  private decide(given: PurchaseRequest): PurchaseResult | Promise<PurchaseResult> {
    let request = given;
    // only a purchase that carries a token pays for its check
    if (request.purchaseToken !== '') {
      const checked = this.tokens.check(request);
      if ('ok' in checked) return checked;
      request = checked;
    }
    return (
      this.soldOut?.refuse(this.saleId, request) ??
      this.batcher.shed(request) ??
      this.batcher.submit(request)
    );
  }

  /**
   * Reserves a cart, several lines of different items, all or nothing in one
   * atomic step, as one reservation with lines: either every line is held, or
   * nothing is and the refusal names the line that failed
   * ({@link PurchaseRejection.line}). The sale's limit counts the cart's units
   * together; each item's limit counts its line. Overdue holds are reclaimed
   * first, as for {@link FlashSale.tryPurchase}.
   *
   * @example
   * ```ts
   * const result = await sale.tryPurchaseCart('user-42', {
   *   lines: [{ item: 'phone', quantity: 1 }, { item: 'case', quantity: 2 }],
   *   idempotencyKey: 'req-9f1c',
   * });
   * if (!result.ok) console.log(result.reason, 'on', result.item);
   * ```
   * @throws {@link InvalidArgumentError} when `userId`, `idempotencyKey` or `clientKey` is
   *   malformed,
   *   `lines` is not 1 to {@link MAX_CART_LINES} lines of distinct items with quantities
   *   in range, `metadata` is not valid, or `options` is not an object
   * @throws {@link UnknownItemError} when a line names an item not in the catalog (nothing
   *   reserved)
   * @throws {@link IdempotencyConflictError} when `idempotencyKey` was first used with
   *   another user or other lines (nothing reserved)
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async tryPurchaseCart(userId: string, options: CartOptions): Promise<PurchaseResult> {
    return this.decide(cartRequest(userId, options));
  }

  /**
   * Lengthens a hold's payment window by `ms` (a buyer stuck at 3-D Secure), before
   * its deadline only, and never past `createdAtMs + holdMs + maxExtendMs` (preload's
   * `maxExtendMs`, 0 by default: no extension). Safe to re-send: a re-sent copy
   * extends once.
   *
   * @returns the reservation with its new deadline
   * @throws {@link InvalidArgumentError} when `reservationId` is not a reservation id of this
   *   sale, or `ms` is not an integer from 1 to 30 days
   * @throws {@link ExtensionLimitError} when the new deadline would pass the bound (nothing
   *   changed)
   * @throws {@link UnknownReservationError} when the sale has no reservation with that id
   * @throws {@link ReservationReleasedError} when the hold was already released, or this call
   *   released it because its deadline had passed
   * @throws {@link ReservationSoldError} when the hold was already confirmed (sold)
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async extend(reservationId: string, ms: number): Promise<Reservation> {
    return extend(this.context, reservationId, ms);
  }

  /**
   * Marks a hold as sold (paid). Confirming twice answers the same. A hold that is
   * released, or whose deadline has passed, throws {@link ReservationReleasedError}:
   * its units are back in stock, so refund the payment.
   *
   * @throws {@link InvalidArgumentError} when `reservationId` is not a reservation id of this
   *   sale
   * @throws {@link UnknownReservationError} when the sale has no reservation with that id
   * @throws {@link ReservationReleasedError} when the hold was already released, or this call
   *   released it because its deadline had passed
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async confirm(reservationId: string): Promise<Reservation> {
    return confirm(this.context, reservationId);
  }

  /**
   * Releases a hold: its units return to stock and to the buyer's allowance at
   * once, in one atomic step, so the buyer can buy again. Cancelling a released
   * hold answers the same; a sold one throws {@link ReservationSoldError}. A hold
   * whose deadline has already passed is released as expired (what every read
   * already reports it as).
   *
   * @throws {@link InvalidArgumentError} when `reservationId` is not a reservation id of this
   *   sale, or `reason` is neither `'cancelled'` nor `'failed'`
   * @throws {@link UnknownReservationError} when the sale has no reservation with that id
   * @throws {@link ReservationSoldError} when the hold was already confirmed (sold)
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async cancel(reservationId: string, options?: CancelOptions): Promise<Reservation> {
    const given = readOptions(options, CANCEL_SHAPE);
    const reason = given.reason === undefined ? 'cancelled' : given.reason;
    if (reason !== 'cancelled' && reason !== 'failed') {
      throw new InvalidArgumentError('reason', reason, "'cancelled' or 'failed'");
    }
    return this.afterReopen(await cancel(this.context, reservationId, reason));
  }

  /**
   * Releases holds whose deadline has passed (by Redis's clock), each exactly
   * once even when many processes call this at the same moment, at most
   * `maxBatchSize` per call.
   *
   * @throws {@link InvalidArgumentError} when `maxBatchSize` is not an integer from 1 to 2000
   * @throws {@link SaleDataError} when the sale's data in Redis is missing or malformed
   *   (nothing written)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   *   (the outcome is unknown)
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async expire(options?: ExpireOptions): Promise<ExpireResult> {
    return this.afterReopen(await expire(this.context, options));
  }

  /**
   * The sale's numbers and phase, in one round trip.
   *
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async stats(): Promise<SaleStats> {
    return saleStats(this.context);
  }

  /**
   * The numbers of a page of items (up to {@link MAX_ITEM_STATS_PAGE}), in one round
   * trip; `null` for an id the catalog does not have.
   *
   * @throws {@link InvalidArgumentError} when `items` is not an array of 1 to
   *   {@link MAX_ITEM_STATS_PAGE} item ids
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async itemStats(items: readonly string[]): Promise<ItemStatsPage> {
    return itemStats(this.context, items);
  }

  /**
   * A page of the catalog's item ids (for {@link FlashSale.itemStats}), in one round
   * trip; read only. Page on with the answer's `cursor` until it is `null`.
   *
   * @example
   * ```ts
   * let cursor: string | undefined;
   * do {
   *   const page = await sale.itemIds(cursor === undefined ? {} : { cursor });
   *   console.log(page.items);
   *   cursor = page.cursor ?? undefined;
   * } while (cursor !== undefined);
   * ```
   * @throws {@link InvalidArgumentError} when an option is unknown or invalid (naming it)
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async itemIds(options?: ItemIdsOptions): Promise<ItemIdsPage> {
    return itemIds(this.context, options);
  }

  /**
   * A page of the sale's held reservations, earliest deadline first, optionally of
   * one buyer, of one item, or only the overdue ones; one round trip, read only.
   * One call examines a bounded number of holds (at most 1000, or `limit + 1`), so
   * a filtered page may hold fewer than `limit`: page on with the answer's
   * `cursor` until it is `null`. A hold held for the whole listing is listed at
   * least once (twice at most when another hold with the same deadline ends
   * between two pages, or an `extend` moves it later).
   *
   * @throws {@link InvalidArgumentError} when an option is unknown or invalid (naming it),
   *   or `cursor` is not one of this sale's pages
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async heldReservations(options?: HeldReservationsOptions): Promise<HeldReservationsPage> {
    return heldReservations(this.context, options);
  }

  /**
   * One buyer's standing (what a front end polls), or `null` when the sale is not loaded.
   *
   * @throws {@link InvalidArgumentError} when `userId` is not a non-empty well-formed string
   *   of at most {@link MAX_TEXT_ID_BYTES} bytes
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async userStatus(userId: string): Promise<UserStatus | null> {
    return userStatus(this.context, userId);
  }

  /**
   * One reservation by id, or `null` when none has that id (or its record was
   * dropped, `historyMs` after its release). A hold whose deadline has passed is
   * reported as released (expired), by Redis's clock.
   *
   * @throws {@link InvalidArgumentError} when `reservationId` is not a reservation id of this
   *   sale
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async reservation(reservationId: string): Promise<Reservation | null> {
    return reservationStatus(this.context, reservationId);
  }
}
