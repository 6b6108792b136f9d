import { FlashSale } from '../sale/flash-sale.js';
import type { PreloadOutcome } from '../sale/ops/preload.js';
import { resolvePreload, type PreloadOptions } from '../sale/ops/preload-options.js';
import type { PurchaseOptions } from '../sale/purchase/purchase-options.js';
import type { PurchaseResult } from '../sale/purchase/purchase-result.js';
import type { Reservation } from '../sale/reservation.js';
import type { UserStatus } from '../sale/status/user-status.js';
import type { CancelOptions } from '../sale/flash-sale.js';
import type { ExpireOptions, ExpireResult } from '../sale/ops/expire.js';
import { restockItem, type RestockOptions } from '../sale/ops/restock.js';
import { itemStatsIds } from '../sale/status/item-stats.js';
import { saleContextOf } from '../sale/sale-reference.js';
import { saleId as checkSaleId } from '../sale/sale-id.js';
import {
  SaleConflictError,
  SaleNotLoadedError,
  StockConflictError,
  UnknownItemError,
} from '../sale/errors/sale-errors.js';
import { SoldOutMemory } from '../sale/sold-out/sold-out-memory.js';
import { FLASH_SALE_DEFAULTS } from '../sale/flash-sale-options.js';
import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { readOptions } from '../shared/validate/options-object.js';
import { integerInRange } from '../shared/validate/integer-in-range.js';
import { callRedis } from '../shared/redis/call-redis.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import { ShardDirectory } from './directory/shard-directory.js';
import { chooseShardIds, longestShardSaleId } from './placement/shard-ids.js';
import { homeShard } from './placement/home-shard.js';
import { at, type OpenedShards } from './opened-shards.js';
import { ShardedPurchase } from './sharded-purchase.js';
import { splitPreload } from './split-stock.js';
import { restockShard } from './restock-shard.js';
import { finishOpenTransfers } from './transfer/finish-open-transfers.js';
import { readMoves } from './transfer/shard-moves.js';
import { sumOverShards } from './sum-over-shards.js';
import {
  MAX_SHARDS,
  SHARDED_SALE_DEFAULTS,
  type ShardedSaleOptions,
} from './sharded-sale-options.js';
import type { ShardedSaleStats } from './sharded-sale-stats.js';
import { shardedItemStats, type ShardedItemStatsPage } from './sharded-item-stats.js';

const SHARD_OPTIONS = ['shardCount', 'rebalanceUnits'] as const;
const SHARDED_SALE_SHAPE = {
  owner: 'ShardedSale',
  optional: false,
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
    ...SHARD_OPTIONS,
  ],
} as const;

/**
 * One hot item (or a whole sale) split across several shards, each a sale of
 * its own under its own hash tag, so that on a Redis Cluster the shards run on
 * different masters and the item goes beyond one Redis core.
 *
 * Every buyer has a home shard ({@link homeShard} of the user id) and only ever
 * reserves there, so the per-user limit stays exact with no cross-shard step.
 * When the home shard has too few units, it takes some from the other shards
 * (atomic steps joined by a transfer record: a crash at any point loses or
 * duplicates no unit, and the units in transit are counted) and the purchase is
 * tried again; `sold_out` is answered only when no shard gave any. Reservations
 * are confirmed, cancelled and read through their own shard (a reservation id
 * names it). Each shard has its own outbox and overdue holds: run the order
 * pipeline and the sweeper on each of {@link ShardedSale.shards}.
 *
 * @group Sale
 */
export class ShardedSale {
  /** The sharded sale's id (its shards' ids extend it). */
  readonly saleId: string;
  /** How many shards the sale has. */
  readonly shardCount: number;
  /** Units asked of another shard when the home shard runs short. */
  readonly rebalanceUnits: number;
  private readonly client: RedisClient;
  private readonly options: Omit<ShardedSaleOptions, 'shardCount' | 'rebalanceUnits' | 'saleId'>;
  private readonly directory: ShardDirectory;
  private opened: OpenedShards | undefined;
  private readonly purchases: ShardedPurchase;

  /**
   * @param options - the client, the sale id, the shard count and each shard's tuning;
   *   see {@link ShardedSaleOptions}
   * @throws {@link InvalidArgumentError} when `options` is not an object, `shardCount` or
   *   `rebalanceUnits` is out of range, `saleId` is malformed or too long for its
   *   shards' ids, or any option of {@link FlashSaleOptions} is
   */
  constructor(options: ShardedSaleOptions) {
    const given = readOptions(options, SHARDED_SALE_SHAPE);
    this.shardCount = integerInRange('shardCount', given.shardCount, 1, MAX_SHARDS);
    this.rebalanceUnits = integerInRange(
      'rebalanceUnits',
      // `=== undefined`, not `??`: a null is refused by name like any other bad value
      given.rebalanceUnits === undefined
        ? SHARDED_SALE_DEFAULTS.rebalanceUnits
        : given.rebalanceUnits,
      1,
      1_000_000,
    );
    this.saleId = checkSaleId(given.saleId);
    const longest = longestShardSaleId(this.saleId, this.shardCount);
    if (longest.length > 64) {
      throw new InvalidArgumentError(
        'saleId',
        given.saleId,
        `at most ${String(64 - (longest.length - this.saleId.length))} characters: its shards' ids extend it (${longest})`,
      );
    }
    const rest: Partial<Record<(typeof SHARDED_SALE_SHAPE.keys)[number], unknown>> = { ...given };
    delete rest.shardCount;
    delete rest.rebalanceUnits;
    delete rest.saleId;
    this.options = rest as Omit<ShardedSaleOptions, 'shardCount' | 'rebalanceUnits' | 'saleId'>;
    // every option of a shard checked now, by the class that takes it
    const probe = new FlashSale({ ...this.options, saleId: longest });
    this.client = probe.redis;
    this.directory = new ShardDirectory(
      probe.redis,
      probe.keyPrefix,
      this.saleId,
      probe.commandTimeoutMs,
    );
    this.purchases = new ShardedPurchase(
      this.shardCount,
      this.rebalanceUnits,
      this.options.soldOutRecheckMs ?? FLASH_SALE_DEFAULTS.soldOutRecheckMs,
    );
  }

  private use(ids: readonly string[]): OpenedShards {
    if (this.opened) return this.opened;
    const sales = ids.map((id) => new FlashSale({ ...this.options, saleId: id }));
    const contexts = sales.map((sale) => saleContextOf(sale));
    const recheckMs = this.options.soldOutRecheckMs ?? FLASH_SALE_DEFAULTS.soldOutRecheckMs;
    const remember = this.options.rememberSoldOut ?? FLASH_SALE_DEFAULTS.rememberSoldOut;
    this.opened = {
      sales,
      contexts,
      byId: new Map(contexts.map((context) => [context.saleId, context])),
      memories: contexts.map((context) =>
        remember ? new SoldOutMemory(context.client, context.keys.reopened, recheckMs) : undefined,
      ),
    };
    return this.opened;
  }

  /** The shards, from the directory the first preload wrote (read once per instance). */
  private async open(operation: string): Promise<OpenedShards> {
    if (this.opened) return this.opened;
    const ids = await this.directory.read(operation);
    if (ids === undefined) throw new SaleNotLoadedError(this.saleId, operation);
    this.checkCount(ids);
    return this.use(ids);
  }

  private checkCount(ids: readonly string[]): void {
    if (ids.length !== this.shardCount) {
      throw new SaleConflictError(
        this.saleId,
        0,
        `sale ${JSON.stringify(this.saleId)} is loaded with ${String(ids.length)} shards, not ${String(this.shardCount)}: a live sale's shard count cannot change`,
      );
    }
  }

  /**
   * Each shard as a {@link FlashSale} of its own, in shard order: run an
   * {@link OutboxWorker} and an {@link ExpirySweeper} on each.
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   * @throws {@link SaleConflictError} when it was preloaded with another shard count
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   */
  async shards(): Promise<readonly FlashSale[]> {
    return (await this.open('shards')).sales;
  }

  /**
   * Splits the stock (each item's) as evenly as it goes over the shards, and
   * loads each shard with it and the same rules. The first preload chooses the
   * shards' names and places them (on a Cluster, shard i on master i mod M) and
   * writes them to the sale's directory; a repeat with the same settings changes
   * nothing. `force` is refused: units move between shards, so a new split of the
   * stock cannot be applied to a live sharded sale.
   *
   * @throws {@link InvalidArgumentError} when an option is bad (as for
   *   {@link FlashSale.preload}), or `force` is set; nothing written
   * @throws {@link SaleConflictError} when the sale is loaded with other settings or another
   *   shard count
   * @throws {@link UnsafeRedisConfigError} when Redis's `maxmemory-policy` may evict keys and
   *   `allowEvictingRedis` is not set
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async preload(options: PreloadOptions): Promise<PreloadOutcome> {
    const parts = splitPreload(options, this.shardCount);
    for (const part of parts) resolvePreload(part); // every shard's options checked first
    let ids = await this.directory.read('preload');
    let created = false;
    if (ids === undefined) {
      const chosen = await chooseShardIds(
        this.client,
        this.saleId,
        this.shardCount,
        this.directory.timeoutMs,
      );
      ids = await this.directory.create(chosen, 'preload');
      created = ids.join(' ') === chosen.join(' ');
    }
    this.checkCount(ids);
    const shards = this.use(ids);
    let outcomes: PreloadOutcome[];
    try {
      outcomes = await Promise.all(
        shards.sales.map((sale, index) => sale.preload(at(parts, index))),
      );
    } catch (error) {
      // a sale this call named but could not load: its name is free again
      if (created) await this.directory.dropUnlessLoaded(shards.contexts, 'preload');
      throw error;
    }
    const first = at(shards.contexts, 0);
    const expireAt = await callRedis(
      'preload',
      first.commandTimeoutMs,
      first.client.hget(first.keys.meta, 'expireAt'),
    );
    await this.directory.keepWith(
      typeof expireAt === 'string' ? Number(expireAt) : undefined,
      'preload',
    );
    if (outcomes.every((outcome) => outcome === 'unchanged')) return 'unchanged';
    return outcomes.includes('replaced') ? 'replaced' : 'created';
  }

  /**
   * Adds units of one item (`delta > 0`) or withdraws available ones
   * (`delta < 0`), on one shard so that it stays one atomic step: an addition
   * goes to the shard with the fewest units of the item available (the others'
   * buyers reach them through transfers as usual), a withdrawal comes from the
   * one with the most, as read in one round to every shard just before. Asking
   * to withdraw more than that one shard has is refused, even when the shards
   * together have enough: withdraw in smaller steps. Held and sold units are
   * never withdrawn.
   *
   * @returns the item's units available over all shards afterwards (the other
   *   shards' as read just before)
   * @throws {@link InvalidArgumentError} when `delta` or `item` is bad, as for
   *   {@link FlashSale.restock}; nothing read or written
   * @throws {@link UnknownItemError} when the catalog has no such item
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   * @throws {@link StockConflictError} when a withdrawal asks for more units than
   *   the shard with the most has available
   * @throws the other errors of {@link FlashSale.restock}
   */
  async restock(delta: number, options?: RestockOptions): Promise<number> {
    const item = restockItem(delta, options);
    const shards = await this.open('restock');
    const pages = await Promise.all(shards.sales.map((sale) => sale.itemStats([item])));
    if (pages.some((page) => !page.loaded)) throw new SaleNotLoadedError(this.saleId, 'restock');
    const units = pages.map((page) => {
      const own = page.items[0];
      if (!own) throw new UnknownItemError(this.saleId, item, 'restock');
      return own.available;
    });
    const index = restockShard(units, delta);
    const most = at(units, index);
    if (delta < 0 && -delta > most) {
      throw new StockConflictError(
        `cannot withdraw ${String(-delta)} units of item ${JSON.stringify(item)} from sharded sale ${JSON.stringify(this.saleId)}: a withdrawal takes from one shard, and the most any shard has available is ${String(most)} (all shards: ${String(units.reduce((sum, value) => sum + value, 0))})`,
        most,
      );
    }
    // the shard's own restock reopens its sold-out flags in this process (they are
    // shared per sale and client), which voids any sold-out verdict kept here
    const after = await at(shards.sales, index).restock(delta, { item });
    return units.reduce((sum, value, shard) => sum + (shard === index ? after : value), 0);
  }

  /**
   * Reserves for `userId` on the buyer's home shard. When that shard has too few
   * units of the item, it first takes up to `rebalanceUnits` (at least what the
   * purchase needs) from each other shard in turn until one gives some, then
   * tries again; a shard known to be sold out in this process is not asked.
   * Transfers left open (their mover is between its steps, or died there) are
   * finished on the way. `sold_out` (or `insufficient_stock`) is answered only
   * when no shard gave any and no unit of the item was in transit meanwhile
   * (docs/scaling.md says how that is read); with sold-out memory on, that answer
   * is then given from memory, with no Redis command, until a shard's units come
   * back or `soldOutRecheckMs` passes. Every other answer is the home shard's, as
   * {@link FlashSale.tryPurchase}.
   *
   * @throws the errors of {@link FlashSale.tryPurchase}, and
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async tryPurchase(userId: string, options?: PurchaseOptions): Promise<PurchaseResult> {
    const shards = this.opened ?? (await this.open('tryPurchase'));
    return this.purchases.purchase(shards, userId, options);
  }

  /** The shard that made reservation `reservationId` (its id starts with the shard's). */
  private async shardOf(reservationId: string, operation: string): Promise<FlashSale> {
    const shards = await this.open(operation);
    if (typeof reservationId === 'string') {
      const found = shards.sales.find((sale) => reservationId.startsWith(`${sale.saleId}:`));
      if (found) return found;
    }
    throw new InvalidArgumentError(
      'reservationId',
      reservationId,
      `a reservation id of a shard of sale ${JSON.stringify(this.saleId)}`,
    );
  }

  /**
   * Confirms a hold on its shard, as {@link FlashSale.confirm}.
   * @throws the errors of {@link FlashSale.confirm}, and
   * @throws {@link InvalidArgumentError} when `reservationId` names no shard of this sale
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async confirm(reservationId: string): Promise<Reservation> {
    return (await this.shardOf(reservationId, 'confirm')).confirm(reservationId);
  }

  /**
   * Lengthens a hold's payment window on its shard, as {@link FlashSale.extend}.
   * @throws the errors of {@link FlashSale.extend}, and
   * @throws {@link InvalidArgumentError} when `reservationId` names no shard of this sale
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async extend(reservationId: string, ms: number): Promise<Reservation> {
    return (await this.shardOf(reservationId, 'extend')).extend(reservationId, ms);
  }

  /**
   * Cancels a hold on its shard, as {@link FlashSale.cancel}.
   * @throws the errors of {@link FlashSale.cancel}, and
   * @throws {@link InvalidArgumentError} when `reservationId` names no shard of this sale
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async cancel(reservationId: string, options?: CancelOptions): Promise<Reservation> {
    return (await this.shardOf(reservationId, 'cancel')).cancel(reservationId, options);
  }

  /**
   * Releases overdue holds on every shard at once, as {@link FlashSale.expire}
   * does on one: at most `maxBatchSize` per shard, so up to `shardCount` times
   * that per call. Each shard's released units go back to that shard, where
   * its buyers, or a short shard's transfer, take them.
   * @returns every shard's released holds, and `more` when any shard has more
   * @throws the errors of {@link FlashSale.expire}, and
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async expire(options?: ExpireOptions): Promise<ExpireResult> {
    const shards = await this.open('expire');
    const each = await Promise.all(shards.sales.map((sale) => sale.expire(options)));
    return {
      released: each.flatMap((result) => result.released),
      more: each.some((result) => result.more),
    };
  }

  /**
   * A reservation as it stands now, from its shard, as {@link FlashSale.reservation}.
   * @throws the errors of {@link FlashSale.reservation}, and
   * @throws {@link InvalidArgumentError} when `reservationId` names no shard of this sale
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async reservation(reservationId: string): Promise<Reservation | null> {
    return (await this.shardOf(reservationId, 'reservation')).reservation(reservationId);
  }

  /**
   * What `userId` holds and bought, from the buyer's home shard (the only one
   * where the buyer reserves), as {@link FlashSale.userStatus}.
   * @throws the errors of {@link FlashSale.userStatus}, and
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   */
  async userStatus(userId: string): Promise<UserStatus | null> {
    const shards = await this.open('userStatus');
    const home = homeShard(typeof userId === 'string' ? userId : '', this.shardCount);
    return at(shards.sales, home).userStatus(userId);
  }

  /**
   * The sale's counters summed over its shards, with the units in transit, in
   * three rounds of at most two commands per shard sent to all shards at once
   * (whatever the number of transfers ever made): the shards' counters with
   * their open transfer ids, the open transfers' records, and their arrival.
   * Exact while no transfer moves; a transfer that moves between the rounds can
   * show its units twice or not at all in `inTransit` for that one read.
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   * @throws {@link SaleDataError} when a shard's data is damaged
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   */
  async stats(): Promise<ShardedSaleStats> {
    const shards = await this.open('stats');
    const [each, moves] = await Promise.all([
      Promise.all(shards.sales.map((sale) => sale.stats())),
      readMoves(shards, 'stats'),
    ]);
    const total = sumOverShards(
      each,
      moves.shards.map((shard) => shard.sent[0] ?? 0),
      moves.shards.map((shard) => shard.received[0] ?? 0),
    );
    return {
      saleId: this.saleId,
      ...total,
      inTransit: [...moves.inTransit.values()].reduce((sum, units) => sum + units, 0),
      shards: each,
    };
  }

  /**
   * Each item's numbers summed over the shards, with its units in transit, in
   * the same three rounds as {@link ShardedSale.stats} (whatever the number of
   * transfers ever made); exact while no transfer of the item moves.
   * @param items - 1 to {@link MAX_ITEM_STATS_PAGE} item ids
   * @throws {@link InvalidArgumentError} when `items` is not an array of 1 to
   *   {@link MAX_ITEM_STATS_PAGE} item ids; nothing read
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
   */
  async itemStats(items: readonly string[]): Promise<ShardedItemStatsPage> {
    const ids = itemStatsIds(items);
    const { loaded, ...page } = await shardedItemStats(await this.open('itemStats'), ids);
    if (!loaded) throw new SaleNotLoadedError(this.saleId, 'itemStats');
    return page;
  }

  /**
   * Finishes every transfer between shards that a process left open (it died or
   * lost Redis between the steps), so its units reach their shard; answers how
   * many it finished. Safe beside purchases and other processes doing the same:
   * run it from a timer, or after a crash.
   * @throws {@link SaleNotLoadedError} when the sale was never preloaded (or a
   *   destination shard's keys are gone: the transfer stays open)
   * @throws {@link SaleDataError} when a shard's data is damaged
   * @throws {@link RedisUnavailableError} when Redis cannot be reached
   * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
   */
  async finishTransfers(): Promise<number> {
    const shards = await this.open('finishTransfers');
    let finished = 0;
    for (const context of shards.contexts) {
      finished += await finishOpenTransfers(context, shards.byId, 'finishTransfers');
    }
    return finished;
  }
}
