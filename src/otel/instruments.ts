import type { Counter, Histogram, Meter, ObservableGauge } from '@opentelemetry/api';
import { FLASH_SALE_METRICS as M } from './metric-names.js';

/** Every instrument the bridge records on. @internal */
export interface Instruments {
  readonly purchases: Counter;
  readonly purchaseUnits: Counter;
  readonly purchaseDuration: Histogram;
  readonly purchaseBatchSize: Histogram;
  readonly transitions: Counter;
  readonly transitionDuration: Histogram;
  readonly expiredHolds: Counter;
  readonly expiredUnits: Counter;
  readonly sweeperDelay: Histogram;
  readonly outboxDelivered: Counter;
  readonly outboxFailedWrites: Counter;
  readonly outboxDeadLettered: Counter;
  readonly outboxReclaimed: Counter;
  readonly outboxLag: ObservableGauge;
  readonly outboxHeld: ObservableGauge;
  readonly lockAcquired: Counter;
  readonly lockExtended: Counter;
  readonly lockLost: Counter;
  readonly lockReleased: Counter;
}

// Bucket advice: the SDK's default buckets (0 … 10,000) are too coarse below 5 ms,
// where purchase decisions live, and say nothing about batch sizes up to 1,000.
const LATENCY_BUCKETS_MS = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1_000];
const DELAY_BUCKETS_MS = [10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000];

/** Creates the instruments on `meter`. @internal */
export function createInstruments(meter: Meter): Instruments {
  return {
    purchases: meter.createCounter(M.purchases, {
      description: 'Purchases decided',
      unit: '{purchase}',
    }),
    purchaseUnits: meter.createCounter(M.purchaseUnits, {
      description: 'Units asked for by purchases',
      unit: '{unit}',
    }),
    purchaseDuration: meter.createHistogram(M.purchaseDuration, {
      description: 'Time from a purchase call to its answer',
      unit: 'ms',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS },
    }),
    purchaseBatchSize: meter.createHistogram(M.purchaseBatchSize, {
      description: 'Purchases decided per script call',
      unit: '{purchase}',
      advice: { explicitBucketBoundaries: BATCH_BUCKETS },
    }),
    transitions: meter.createCounter(M.transitions, {
      description: 'Confirm, cancel and extend calls',
      unit: '{call}',
    }),
    transitionDuration: meter.createHistogram(M.transitionDuration, {
      description: 'Time of a confirm, cancel or extend call',
      unit: 'ms',
      advice: { explicitBucketBoundaries: LATENCY_BUCKETS_MS },
    }),
    expiredHolds: meter.createCounter(M.expiredHolds, {
      description: 'Holds released as expired by expire()',
      unit: '{hold}',
    }),
    expiredUnits: meter.createCounter(M.expiredUnits, {
      description: 'Units returned to stock by expired holds',
      unit: '{unit}',
    }),
    sweeperDelay: meter.createHistogram(M.sweeperDelay, {
      description: "How long past its deadline a sweeper released a hold (Redis's clock)",
      unit: 'ms',
      advice: { explicitBucketBoundaries: DELAY_BUCKETS_MS },
    }),
    outboxDelivered: meter.createCounter(M.outboxDelivered, {
      description: 'Outbox events written to the sink and acknowledged',
      unit: '{event}',
    }),
    outboxFailedWrites: meter.createCounter(M.outboxFailedWrites, {
      description: 'Sink writes that failed and will be retried',
      unit: '{write}',
    }),
    outboxDeadLettered: meter.createCounter(M.outboxDeadLettered, {
      description: 'Outbox events moved to the dead-letter stream',
      unit: '{event}',
    }),
    outboxReclaimed: meter.createCounter(M.outboxReclaimed, {
      description: 'Outbox events taken over from idle consumers',
      unit: '{event}',
    }),
    outboxLag: meter.createObservableGauge(M.outboxLag, {
      description: 'Age of the oldest outbox event not yet delivered, as the workers last saw it',
      unit: 'ms',
    }),
    outboxHeld: meter.createObservableGauge(M.outboxHeld, {
      description: 'Outbox events held by the workers for a retry',
      unit: '{event}',
    }),
    lockAcquired: meter.createCounter(M.lockAcquired, {
      description: 'Locks acquired',
      unit: '{lock}',
    }),
    lockExtended: meter.createCounter(M.lockExtended, {
      description: 'Lock extensions',
      unit: '{extension}',
    }),
    lockLost: meter.createCounter(M.lockLost, { description: 'Locks lost', unit: '{lock}' }),
    lockReleased: meter.createCounter(M.lockReleased, {
      description: 'Locks released by their holder',
      unit: '{lock}',
    }),
  };
}
