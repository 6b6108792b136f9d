/**
 * flash-sale: flash-sale inventory reservation on Redis.
 * @module
 */

// ── sale ────────────────────────────────────────────────────────────────────
export { FlashSale } from './sale/flash-sale.js';
export type { CancelOptions } from './sale/flash-sale.js';
export { FLASH_SALE_DEFAULTS } from './sale/flash-sale-options.js';
export type { FlashSaleOptions } from './sale/flash-sale-options.js';
export { PURCHASE_TOKEN_DEFAULTS } from './sale/tokens/issue-purchase-token.js';
export type {
  PurchaseTokenOptions,
  PurchaseTokenResult,
} from './sale/tokens/issue-purchase-token.js';
export type { SaleReference } from './sale/sale-reference.js';
export { PRELOAD_DEFAULTS } from './sale/ops/preload-options.js';
export type {
  CatalogItem,
  CatalogPreload,
  PreloadOptions,
  PreloadRules,
  RateLimitRule,
  RateLimits,
  SingleItemPreload,
} from './sale/ops/preload-options.js';
export {
  MAX_CATALOG_ITEMS,
  MAX_PER_USER_LIMIT,
  MAX_STOCK,
  PRELOAD_CHUNK_ITEMS,
} from './sale/catalog/catalog-bounds.js';
export { DEFAULT_ITEM } from './sale/catalog/item-id.js';
export { MAX_CART_LINES } from './sale/catalog/lines.js';
export type { ReservationLine } from './sale/catalog/lines.js';
export { MAX_METADATA_BYTES, MAX_METADATA_KEYS } from './sale/catalog/metadata.js';
export type { ReservationMetadata } from './sale/catalog/metadata.js';
export type { RestockOptions } from './sale/ops/restock.js';
export { MAX_ITEM_STATS_PAGE } from './sale/status/item-stats.js';
export type { ItemStats, ItemStatsPage } from './sale/status/item-stats.js';
export type { PreloadOutcome } from './sale/ops/preload.js';
export type {
  CartOptions,
  PurchaseCommonOptions,
  PurchaseOptions,
} from './sale/purchase/purchase-options.js';
export type {
  PurchaseRejection,
  PurchaseRejectionReason,
  PurchaseResult,
  PurchaseSuccess,
} from './sale/purchase/purchase-result.js';
export type { ReleaseReason, Reservation, ReservationState } from './sale/reservation.js';
export { EXPIRE_DEFAULT_BATCH } from './sale/ops/expire.js';
export type { ExpireOptions, ExpireResult } from './sale/ops/expire.js';
export type { SalePhase, SaleStats } from './sale/status/sale-stats.js';
export type { UserItemStatus, UserStatus } from './sale/status/user-status.js';
export { MAX_TEXT_ID_BYTES } from './shared/validate/text-id.js';

// ── shards (one sale's stock split across Cluster masters) ─────────────────
export { ShardedSale } from './shards/sharded-sale.js';
export { MAX_SHARDS, SHARDED_SALE_DEFAULTS } from './shards/sharded-sale-options.js';
export type { ShardedSaleOptions } from './shards/sharded-sale-options.js';
export type { ShardedSaleStats } from './shards/sharded-sale-stats.js';
export type { ShardedItemStats, ShardedItemStatsPage } from './shards/sharded-item-stats.js';
export { homeShard } from './shards/placement/home-shard.js';

// ── errors ──────────────────────────────────────────────────────────────────
export { FlashSaleError, isFlashSaleError } from './shared/errors/flash-sale-error.js';
export {
  InvalidArgumentError,
  isInvalidArgumentError,
} from './shared/errors/invalid-argument-error.js';
export {
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  UnsafeRedisConfigError,
  isRedisCommandError,
  isRedisTimeoutError,
  isRedisUnavailableError,
  isUnsafeRedisConfigError,
} from './shared/errors/redis-errors.js';
export {
  ExtensionLimitError,
  ReservationReleasedError,
  ReservationSoldError,
  UnknownReservationError,
  isExtensionLimitError,
  isReservationReleasedError,
  isReservationSoldError,
  isUnknownReservationError,
} from './sale/errors/reservation-errors.js';
export {
  IdempotencyConflictError,
  LimitConflictError,
  SaleConflictError,
  SaleDataError,
  SaleNotLoadedError,
  StockConflictError,
  UnknownItemError,
  isIdempotencyConflictError,
  isLimitConflictError,
  isSaleConflictError,
  isSaleDataError,
  isSaleNotLoadedError,
  isStockConflictError,
  isUnknownItemError,
} from './sale/errors/sale-errors.js';
export type { RedisClient } from './shared/redis/redis-client.js';

// ── lock: behind its own subpath, `flash-sale/lock` (src/lock/index.ts) ─────

// ── order pipeline ──────────────────────────────────────────────────────────
export type { OrderEvent, OrderEventType } from './orders/outbox/order-event.js';
export type { OrderSink, OrderSinkContext } from './orders/sink/order-sink.js';
export { OutboxWorker } from './orders/worker/outbox-worker.js';
export { OUTBOX_WORKER_DEFAULTS } from './orders/worker/worker-spec.js';
export type {
  OutboxWorkerOptions,
  WorkerErrorHandler,
  WorkerStage,
} from './orders/worker/worker-options.js';
export type { OutboxWorkerStats } from './orders/worker/worker-stats.js';
export { readDeadLetters, removeDeadLetters } from './orders/outbox/dead-letters.js';
export {
  DEAD_LETTER_DEFAULTS,
  READ_DEAD_LETTERS_DEFAULTS,
} from './orders/outbox/dead-letter-spec.js';
export type {
  DeadLetter,
  DeadLetterCompensation,
  DeadLetterOptions,
  ReadDeadLettersOptions,
} from './orders/outbox/dead-letter-types.js';
export { redriveDeadLetters } from './orders/outbox/redrive-dead-letters.js';
export type {
  AllDeadLetters,
  DeadLetterFilter,
  DeadLetterIds,
  DeadLetterSelection,
  RedriveDeadLettersOptions,
  RedrivenEvent,
  RedriveResult,
} from './orders/outbox/redrive-types.js';
export { InRequestOrders } from './orders/modes/in-request-orders.js';
export { IN_REQUEST_ORDERS_DEFAULTS } from './orders/modes/in-request-orders-spec.js';
export type { InRequestOrdersOptions } from './orders/modes/in-request-orders-options.js';
export { QueuedOrders } from './orders/modes/queued-orders.js';
export { QUEUED_ORDERS_DEFAULTS } from './orders/modes/queued-orders-spec.js';
export type { QueuedOrdersOptions } from './orders/modes/queued-orders-options.js';
export type { PurchasingSale } from './orders/options/purchasing-sale.js';
export type { QueuedPurchaseResult, QueuedPurchaseSuccess } from './orders/modes/queued-orders.js';
export type { OrderState, OrderStatus, OrderStatusReason } from './orders/modes/order-status.js';
export { ExpirySweeper } from './orders/sweeper/expiry-sweeper.js';
export { EXPIRY_SWEEPER_DEFAULTS } from './orders/sweeper/sweeper-spec.js';
export type {
  ExpirySweeperOptions,
  SweeperErrorHandler,
} from './orders/sweeper/sweeper-options.js';
export { MAX_RELEASES_PER_CALL } from './shared/options/bounds.js';
export { OrderWriteError, isOrderWriteError } from './orders/errors/order-write-error.js';
export {
  OrderSinkTimeoutError,
  isOrderSinkTimeoutError,
} from './orders/errors/order-sink-timeout-error.js';
// ── end order pipeline ──────────────────────────────────────────────────────

// ── diagnostics: node:diagnostics_channel names and messages ────────────────
export { DIAGNOSTIC_CHANNELS } from './shared/diagnostics/channel-names.js';
export type { DiagnosticChannelName } from './shared/diagnostics/channel-names.js';
export type {
  MessageLine,
  PurchaseMessage,
  PurchaseMessageReason,
  PurchaseOutcome,
} from './shared/diagnostics/purchase-message.js';
export type {
  TransitionMessage,
  TransitionOperation,
  TransitionOutcome,
} from './shared/diagnostics/transition-message.js';
export type { ExpireMessage } from './shared/diagnostics/expire-message.js';
export type { SweepMessage } from './shared/diagnostics/sweep-message.js';
export type { OutboxMessage } from './shared/diagnostics/outbox-message.js';
export type { LockAction, LockMessage } from './shared/diagnostics/lock-message.js';

// ── sale listings for operators (the CLI's reads) ──────────────────────────
export { HELD_RESERVATIONS_DEFAULTS, MAX_HELD_PAGE } from './sale/status/held-reservations.js';
export type {
  HeldReservation,
  HeldReservationsOptions,
  HeldReservationsPage,
} from './sale/status/held-reservations.js';
export { ITEM_IDS_DEFAULTS } from './sale/status/item-ids.js';
export type { ItemIdsOptions, ItemIdsPage } from './sale/status/item-ids.js';
// ── reconcile and recovery: the store against Redis (docs/recovery.md) ───────
export type {
  OrderStoreContext,
  StoredOrder,
  StoredOrderState,
} from './orders/reconcile/stored-order.js';
export { reconcileSale } from './orders/reconcile/reconcile-sale.js';
export type {
  Drift,
  DriftKind,
  ReconcileOptions,
  ReconcileResult,
  RedisOrderState,
  RepairedDrift,
  UnrepairedDrift,
  UnrepairedReason,
} from './orders/reconcile/reconcile-types.js';
export { recoverSale } from './orders/reconcile/recover-sale.js';
export type {
  RecoverOptions,
  RecoverRefusal,
  RecoverResult,
  RefusedOrder,
} from './orders/reconcile/recover-types.js';
export {
  SaleStillLoadedError,
  isSaleStillLoadedError,
} from './orders/errors/sale-still-loaded-error.js';
// ── outbox worker pool: one worker for many sales ───────────────────────────
export { OutboxWorkerPool } from './orders/worker-pool/outbox-worker-pool.js';
export { OUTBOX_WORKER_POOL_DEFAULTS } from './orders/worker-pool/pool-spec.js';
export type {
  OutboxWorkerPoolOptions,
  PoolErrorHandler,
} from './orders/worker-pool/pool-options.js';
