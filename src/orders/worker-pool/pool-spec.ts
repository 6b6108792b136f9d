import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS, HOUR_MS } from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { callback, checked, integer, textIdKind } from '../../shared/options/kinds.js';
import { readArray } from '../../shared/validate/read-array.js';
import type { SaleReference } from '../../sale/sale-reference.js';
import { checkSale, groupOption, sinkKind } from '../options/pipeline-kinds.js';
import type { OutboxWorkerPoolOptions, PoolErrorHandler } from './pool-options.js';

function checkSales(argument: string, value: unknown): readonly SaleReference[] {
  const list = readArray(argument, value, 'an array of FlashSale or SaleReference');
  return Object.freeze(list.map((sale, index) => checkSale(`${argument}[${String(index)}]`, sale)));
}

const POOL_FIELDS = {
  sink: sinkKind.required(),
  sales: checked(checkSales).optional(),
  group: groupOption,
  consumer: textIdKind().computed('`<hostname>:<pid>:<random>`'),
  maxConcurrentSales: integer(1, 1_000).default(8),
  maxEventsPerWrite: integer(1, 1_000).default(100),
  minPollIntervalMs: integer(1, 60_000).default(10),
  maxPollIntervalMs: integer(1, 60_000).default(250),
  reclaimIdleMs: integer(30, DAY_MS).default(30_000),
  maxAttempts: integer(1, 1_000).default(10),
  retryDelayMs: integer(1, HOUR_MS).default(200),
  maxRetryDelayMs: integer(1, DAY_MS).default(30_000),
  writeTimeoutMs: integer(1, DAY_MS).default(30_000),
  stopTimeoutMs: integer(0, DAY_MS).default(10_000),
  trimIntervalMs: integer(1, HOUR_MS).default(1_000),
  maxHeldEvents: integer(1, 1_000_000).default(1_000),
  onError: callback<PoolErrorHandler>().optional(),
};

function atLeast(name: string, value: number, other: string, otherValue: number): void {
  if (value < otherValue) {
    throw new InvalidArgumentError(name, value, `at least ${other} (${String(otherValue)})`);
  }
}

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
    return {
      consumer:
        options.consumer ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`,
    };
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
