/**
 * The Prometheus metrics of the example servers, on a registry of their own
 * (never prom-client's global one, so two servers in one process, or the tests,
 * do not share counts). Names follow Prometheus' conventions: `_total` counters,
 * durations in seconds.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Every metric the servers expose, by what it measures. */
export interface PrometheusInstruments {
  readonly registry: Registry;
  readonly purchases: Counter<'sale' | 'outcome' | 'reason'>;
  readonly purchaseUnits: Counter<'sale' | 'outcome' | 'item'>;
  readonly purchaseSeconds: Histogram<'sale' | 'outcome'>;
  readonly purchaseBatchSize: Histogram<'sale'>;
  readonly transitions: Counter<'sale' | 'operation' | 'outcome' | 'state' | 'release_reason'>;
  readonly expiredHolds: Counter<'sale'>;
  readonly sweeperDelaySeconds: Histogram<'sale'>;
  readonly outboxDelivered: Counter<'sale' | 'group'>;
  readonly outboxFailedWrites: Counter<'sale' | 'group'>;
  readonly outboxDeadLettered: Counter<'sale' | 'group'>;
  readonly outboxLagSeconds: Gauge<'sale' | 'group' | 'consumer'>;
  readonly outboxHeld: Gauge<'sale' | 'group' | 'consumer'>;
  readonly lockEvents: Counter<'action' | 'reason'>;
}

/** Creates the metrics on a new registry. */
export function prometheusInstruments(): PrometheusInstruments {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    purchases: new Counter({
      name: 'flash_sale_purchases_total',
      help: 'Purchases decided, by outcome (reserved, replayed, rejected, error) and refusal reason',
      labelNames: ['sale', 'outcome', 'reason'],
      registers,
    }),
    purchaseUnits: new Counter({
      name: 'flash_sale_purchase_units_total',
      help: 'Units asked for by purchases, by outcome and item',
      labelNames: ['sale', 'outcome', 'item'],
      registers,
    }),
    purchaseSeconds: new Histogram({
      name: 'flash_sale_purchase_duration_seconds',
      help: 'Time from a purchase call to its answer',
      labelNames: ['sale', 'outcome'],
      // decisions take about a millisecond; the default buckets start at 5 ms
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    purchaseBatchSize: new Histogram({
      name: 'flash_sale_purchase_batch_size',
      help: 'Purchases decided per script call',
      labelNames: ['sale'],
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
      registers,
    }),
    transitions: new Counter({
      name: 'flash_sale_transitions_total',
      help: 'Confirm, cancel and extend calls, by outcome (changed, unchanged, refused, error) and the state after',
      labelNames: ['sale', 'operation', 'outcome', 'state', 'release_reason'],
      registers,
    }),
    expiredHolds: new Counter({
      name: 'flash_sale_expired_holds_total',
      help: 'Holds released as expired by expire() and the sweepers',
      labelNames: ['sale'],
      registers,
    }),
    sweeperDelaySeconds: new Histogram({
      name: 'flash_sale_sweeper_delay_seconds',
      help: "How long past its deadline a sweeper released a hold (Redis's clock)",
      labelNames: ['sale'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    outboxDelivered: new Counter({
      name: 'flash_sale_outbox_delivered_total',
      help: 'Outbox events written to the order sink and acknowledged',
      labelNames: ['sale', 'group'],
      registers,
    }),
    outboxFailedWrites: new Counter({
      name: 'flash_sale_outbox_failed_writes_total',
      help: 'Order sink writes that failed and will be retried',
      labelNames: ['sale', 'group'],
      registers,
    }),
    outboxDeadLettered: new Counter({
      name: 'flash_sale_outbox_dead_lettered_total',
      help: 'Outbox events moved to the dead-letter stream',
      labelNames: ['sale', 'group'],
      registers,
    }),
    outboxLagSeconds: new Gauge({
      name: 'flash_sale_outbox_lag_seconds',
      help: 'Age of the oldest outbox event a worker had not delivered, at its last cycle',
      labelNames: ['sale', 'group', 'consumer'],
      registers,
    }),
    outboxHeld: new Gauge({
      name: 'flash_sale_outbox_held',
      help: 'Outbox events a worker holds for a retry',
      labelNames: ['sale', 'group', 'consumer'],
      registers,
    }),
    lockEvents: new Counter({
      name: 'flash_sale_lock_events_total',
      help: 'Locks acquired, extended, released and lost (with the reason)',
      labelNames: ['action', 'reason'],
      registers,
    }),
  };
}
