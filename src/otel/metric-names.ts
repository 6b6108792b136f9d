/**
 * The names of the metrics {@link instrumentFlashSale} records, for views,
 * dashboards and alerts. Prometheus exporters turn dots into underscores and add
 * `_total` to counters and the unit to names (`flash_sale_purchases_total`,
 * `flash_sale_purchase_duration_milliseconds`).
 * @group Diagnostics
 */
export const FLASH_SALE_METRICS = {
  /** Counter of purchases decided, by sale, outcome and (for refusals) reason. */
  purchases: 'flash_sale.purchases',
  /** Counter of units asked for, by sale, outcome and item. */
  purchaseUnits: 'flash_sale.purchase.units',
  /** Histogram of milliseconds from a purchase call to its answer, by sale and outcome. */
  purchaseDuration: 'flash_sale.purchase.duration',
  /** Histogram of purchases decided per script call, by sale. */
  purchaseBatchSize: 'flash_sale.purchase.batch_size',
  /** Counter of confirm, cancel and extend calls, by sale, operation, outcome, state and release reason. */
  transitions: 'flash_sale.transitions',
  /** Histogram of milliseconds per confirm, cancel or extend call, by sale and operation. */
  transitionDuration: 'flash_sale.transition.duration',
  /** Counter of holds released as expired by `expire()` (sweepers included), by sale. */
  expiredHolds: 'flash_sale.expired.holds',
  /** Counter of units those holds returned to stock, by sale. */
  expiredUnits: 'flash_sale.expired.units',
  /** Histogram of milliseconds past its deadline a sweeper released each hold (Redis's clock), by sale. */
  sweeperDelay: 'flash_sale.sweeper.delay',
  /** Counter of outbox events written to the sink and acknowledged, by sale and group. */
  outboxDelivered: 'flash_sale.outbox.delivered',
  /** Counter of sink writes that failed (to be retried), by sale and group. */
  outboxFailedWrites: 'flash_sale.outbox.failed_writes',
  /** Counter of outbox events moved to the dead-letter stream, by sale and group. */
  outboxDeadLettered: 'flash_sale.outbox.dead_lettered',
  /** Counter of outbox events taken over from idle consumers, by sale and group. */
  outboxReclaimed: 'flash_sale.outbox.reclaimed',
  /** Gauge: the outbox lag in milliseconds (the most any running worker of the group last reported), by sale and group. */
  outboxLag: 'flash_sale.outbox.lag',
  /** Gauge: events held for a retry by the running workers of the group, by sale and group. */
  outboxHeld: 'flash_sale.outbox.held',
  /** Counter of locks acquired. */
  lockAcquired: 'flash_sale.lock.acquired',
  /** Counter of lock extensions. */
  lockExtended: 'flash_sale.lock.extended',
  /** Counter of locks lost, by reason. */
  lockLost: 'flash_sale.lock.lost',
  /** Counter of locks released by their holder. */
  lockReleased: 'flash_sale.lock.released',
} as const;

/**
 * The attribute keys on those metrics.
 * @group Diagnostics
 */
export const FLASH_SALE_ATTRIBUTES = {
  /** The sale id. */
  sale: 'flash_sale.sale',
  /** A purchase's or transition's outcome. */
  outcome: 'flash_sale.outcome',
  /** Why a purchase was refused. */
  reason: 'flash_sale.reason',
  /** The item of a purchase line. */
  item: 'flash_sale.item',
  /** `confirm`, `cancel` or `extend`. */
  operation: 'flash_sale.operation',
  /** The reservation's state after a transition. */
  state: 'flash_sale.state',
  /** Why a reservation is released. */
  releaseReason: 'flash_sale.release_reason',
  /** The outbox consumer group. */
  group: 'flash_sale.group',
  /** Why a lock was lost. */
  lockReason: 'flash_sale.lock.reason',
} as const;
