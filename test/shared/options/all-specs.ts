/** Every options spec of the package, by the interface it is tied to. */
import {
  ACQUIRE_SPEC,
  TRY_ACQUIRE_SPEC,
  WITH_LOCK_SPEC,
} from '../../../src/lock/options/call-options-spec.js';
import { LOCK_SPEC } from '../../../src/lock/options/lock-spec.js';
import { REDIS_LOCK_SPEC } from '../../../src/lock/single/redis-lock-spec.js';
import { IN_REQUEST_ORDERS_SPEC } from '../../../src/orders/modes/in-request-orders-spec.js';
import { QUEUED_ORDERS_SPEC } from '../../../src/orders/modes/queued-orders-spec.js';
import {
  DEAD_LETTER_SPEC,
  READ_DEAD_LETTERS_SPEC,
} from '../../../src/orders/outbox/dead-letter-spec.js';
import { RECOVER_SPEC } from '../../../src/orders/reconcile/recover-spec.js';
import { RECONCILE_SPEC } from '../../../src/orders/reconcile/reconcile-spec.js';
import { EXPIRY_SWEEPER_SPEC } from '../../../src/orders/sweeper/sweeper-spec.js';
import { OUTBOX_WORKER_SPEC } from '../../../src/orders/worker/worker-spec.js';
import { OUTBOX_WORKER_POOL_SPEC } from '../../../src/orders/worker-pool/pool-spec.js';
import { MULTI_REDIS_LOCK_SPEC } from '../../../src/redlock/multi-redis-lock-spec.js';
import { INSTRUMENT_SPEC } from '../../../src/otel/instrument-options.js';
import { HELD_RESERVATIONS_SPEC } from '../../../src/sale/status/held-reservations.js';
import { ITEM_IDS_SPEC } from '../../../src/sale/status/item-ids.js';
import { PURCHASE_TOKEN_SPEC } from '../../../src/sale/tokens/issue-purchase-token.js';
import { NATS_SINK_SPEC } from '../../../src/brokers/nats/nats-sink-options.js';
import { RABBITMQ_SINK_SPEC } from '../../../src/brokers/rabbitmq/rabbitmq-sink-options.js';
import type { AnyField } from '../../../src/shared/options/define-options.js';

/** A spec as the tests walk it. */
export interface AnySpec {
  readonly owner: string;
  readonly fields: unknown;
  readonly defaults: unknown;
}

/** Interface name → its spec. */
export const SPECS: ReadonlyMap<string, AnySpec> = new Map<string, AnySpec>([
  ['LockOptions', LOCK_SPEC],
  ['RedisLockOptions', REDIS_LOCK_SPEC],
  ['MultiRedisLockOptions', MULTI_REDIS_LOCK_SPEC],
  ['TryAcquireOptions', TRY_ACQUIRE_SPEC],
  ['AcquireOptions', ACQUIRE_SPEC],
  ['WithLockOptions', WITH_LOCK_SPEC],
  ['OutboxWorkerOptions', OUTBOX_WORKER_SPEC],
  ['OutboxWorkerPoolOptions', OUTBOX_WORKER_POOL_SPEC],
  ['ExpirySweeperOptions', EXPIRY_SWEEPER_SPEC],
  ['InRequestOrdersOptions', IN_REQUEST_ORDERS_SPEC],
  ['QueuedOrdersOptions', QUEUED_ORDERS_SPEC],
  ['DeadLetterOptions', DEAD_LETTER_SPEC],
  ['ReadDeadLettersOptions', READ_DEAD_LETTERS_SPEC],
  ['InstrumentFlashSaleOptions', INSTRUMENT_SPEC],
  ['HeldReservationsOptions', HELD_RESERVATIONS_SPEC],
  ['ItemIdsOptions', ITEM_IDS_SPEC],
  ['PurchaseTokenOptions', PURCHASE_TOKEN_SPEC],
  ['ReconcileOptions', RECONCILE_SPEC],
  ['RecoverOptions', RECOVER_SPEC],
  ['RabbitMqSinkOptions', RABBITMQ_SINK_SPEC],
  ['NatsJetStreamSinkOptions', NATS_SINK_SPEC],
]);

/** A spec's fields, by name. */
export function fieldsOfSpec(spec: AnySpec): Readonly<Record<string, AnyField>> {
  return spec.fields as Readonly<Record<string, AnyField>>;
}
