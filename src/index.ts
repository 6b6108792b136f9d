/**
 * flash-sale: flash-sale inventory reservation on Redis.
 * @module
 */

// ── sale ────────────────────────────────────────────────────────────────────
export { FlashSale } from './sale/flash-sale.js';
export type { CancelOptions } from './sale/flash-sale.js';
export { FLASH_SALE_DEFAULTS } from './sale/flash-sale-options.js';
export type { FlashSaleOptions } from './sale/flash-sale-options.js';
export { MAX_PER_USER_LIMIT, MAX_STOCK, PRELOAD_DEFAULTS } from './preload/preload-options.js';
export type { PreloadOptions } from './preload/preload-options.js';
export type { PreloadOutcome } from './preload/preload.js';
export type { PurchaseOptions } from './purchase/purchase-options.js';
export type {
  PurchaseRejection,
  PurchaseRejectionReason,
  PurchaseResult,
  PurchaseSuccess,
} from './purchase/purchase-result.js';
export type { ReleaseReason, Reservation, ReservationState } from './sale/reservation.js';
export { EXPIRE_DEFAULT_BATCH } from './expire/expire.js';
export type { ExpireOptions, ExpireResult } from './expire/expire.js';
export type { SalePhase, SaleStats } from './status/sale-stats.js';
export type { UserStatus } from './status/user-status.js';
export { MAX_TEXT_ID_BYTES } from './validate/text-id.js';

// ── errors ──────────────────────────────────────────────────────────────────
export { FlashSaleError, isFlashSaleError } from './errors/flash-sale-error.js';
export { InvalidArgumentError, isInvalidArgumentError } from './errors/invalid-argument-error.js';
export {
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  isRedisCommandError,
  isRedisTimeoutError,
  isRedisUnavailableError,
} from './errors/redis-errors.js';
export {
  ReservationReleasedError,
  ReservationSoldError,
  UnknownReservationError,
  isReservationReleasedError,
  isReservationSoldError,
  isUnknownReservationError,
} from './errors/reservation-errors.js';
export {
  IdempotencyConflictError,
  SaleConflictError,
  SaleNotLoadedError,
  StockConflictError,
  isIdempotencyConflictError,
  isSaleConflictError,
  isSaleNotLoadedError,
  isStockConflictError,
} from './errors/sale-errors.js';
export type { RedisClient } from './redis/redis-client.js';

// ── lock (owned by the lock helper: edit only inside this block) ───────────
export { RedisLock } from './lock/single/redis-lock.js';
export {
  LockNotAcquiredError,
  isLockNotAcquiredError,
} from './lock/errors/lock-not-acquired-error.js';
export { LockLostError, isLockLostError } from './lock/errors/lock-lost-error.js';
export type { LockLostReason } from './lock/errors/lock-lost-error.js';
export type { Locker, LockedFunction } from './lock/core/locker.js';
export type { HeldLock } from './lock/core/held-lock.js';
export type {
  AcquireResult,
  ExtendResult,
  LockAcquired,
  LockExtended,
  LockNotAcquired,
  LockNotExtended,
  LockNotReleased,
  LockReleased,
  NotAcquiredReason,
  ReleaseResult,
} from './lock/core/results.js';
export { LOCK_DEFAULTS } from './lock/options/lock-options.js';
export type {
  AcquireOptions,
  LockOptions,
  TryAcquireOptions,
  WithLockOptions,
} from './lock/options/lock-options.js';
// ── end lock ────────────────────────────────────────────────────────────────

// ── order pipeline ──────────────────────────────────────────────────────────
export type { OrderEvent, OrderEventType } from './outbox/order-event.js';
export type { OrderSink, OrderSinkContext } from './sink/order-sink.js';
export { OutboxWorker } from './worker/outbox-worker.js';
export { OUTBOX_WORKER_DEFAULTS } from './worker/worker-options.js';
export type { OutboxWorkerOptions, WorkerStage } from './worker/worker-options.js';
export type { OutboxWorkerStats } from './worker/worker-stats.js';
export { readDeadLetters, removeDeadLetters } from './outbox/dead-letters.js';
export type {
  DeadLetter,
  DeadLetterCompensation,
  DeadLetterOptions,
  ReadDeadLettersOptions,
} from './outbox/dead-letters.js';
export { InRequestOrders, IN_REQUEST_ORDERS_DEFAULTS } from './order/in-request-orders.js';
export type { InRequestOrdersOptions } from './order/in-request-orders.js';
export { QueuedOrders } from './order/queued-orders.js';
export type {
  QueuedOrdersOptions,
  QueuedPurchaseResult,
  QueuedPurchaseSuccess,
} from './order/queued-orders.js';
export type { OrderState, OrderStatus, OrderStatusReason } from './order/order-status.js';
export { ExpirySweeper } from './sweeper/expiry-sweeper.js';
export { EXPIRY_SWEEPER_DEFAULTS } from './sweeper/sweeper-options.js';
export type { ExpirySweeperOptions } from './sweeper/sweeper-options.js';
export { OrderWriteError, isOrderWriteError } from './errors/order-write-error.js';
export {
  OrderSinkTimeoutError,
  isOrderSinkTimeoutError,
} from './errors/order-sink-timeout-error.js';
// ── end order pipeline ──────────────────────────────────────────────────────
