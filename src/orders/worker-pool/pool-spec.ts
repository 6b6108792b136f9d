import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { callback, checked, integer } from '../../shared/options/kinds.js';
import { readArray } from '../../shared/validate/read-array.js';
import type { SaleReference } from '../../sale/sale-reference.js';
import { checkSale } from '../options/pipeline-kinds.js';
import { atLeast, defaultConsumer, DELIVERY_FIELDS } from '../worker/delivery-fields.js';
import type { OutboxWorkerPoolOptions, PoolErrorHandler } from './pool-options.js';

function checkSales(argument: string, value: unknown): readonly SaleReference[] {
  const list = readArray(argument, value, 'an array of FlashSale or SaleReference');
  return Object.freeze(list.map((sale, index) => checkSale(`${argument}[${String(index)}]`, sale)));
}

const POOL_FIELDS = {
  sales: checked(checkSales).optional(),
  ...DELIVERY_FIELDS,
  maxConcurrentSales: integer(1, 1_000).default(8),
  minPollIntervalMs: integer(1, 60_000).default(10),
  maxPollIntervalMs: integer(1, 60_000).default(250),
  onError: callback<PoolErrorHandler>().optional(),
};

/** The options of `new OutboxWorkerPool(…)`. @internal */
export const OUTBOX_WORKER_POOL_SPEC = defineOptions<OutboxWorkerPoolOptions>()(
  'OutboxWorkerPool',
  POOL_FIELDS,
  (options) => {
    atLeast('maxRetryDelayMs', options.maxRetryDelayMs, 'retryDelayMs', options.retryDelayMs);
    atLeast(
      'maxPollIntervalMs',
      options.maxPollIntervalMs,
      'minPollIntervalMs',
      options.minPollIntervalMs,
    );
    return { consumer: options.consumer ?? defaultConsumer() };
  },
);

/** Pool options with defaults applied, checked. @internal */
export type ResolvedPoolOptions = Resolved<typeof POOL_FIELDS>;

/**
 * Defaults of {@link OutboxWorkerPoolOptions}, in one place.
 * @group Options
 * @category Order pipeline
 */
export const OUTBOX_WORKER_POOL_DEFAULTS = OUTBOX_WORKER_POOL_SPEC.defaults;
