import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { callback, integer } from '../../shared/options/kinds.js';
import { saleKind } from '../options/pipeline-kinds.js';
import { atLeast, defaultConsumer, DELIVERY_FIELDS } from './delivery-fields.js';
import type { OutboxWorkerOptions, WorkerErrorHandler } from './worker-options.js';

const WORKER_FIELDS = {
  sale: saleKind.required(),
  ...DELIVERY_FIELDS,
  blockMs: integer(1, 60_000).default(1_000),
  onError: callback<WorkerErrorHandler>().optional(),
};

/** The options of `new OutboxWorker(…)`. @internal */
export const OUTBOX_WORKER_SPEC = defineOptions<OutboxWorkerOptions>()(
  'OutboxWorker',
  WORKER_FIELDS,
  (options) => {
    atLeast('maxRetryDelayMs', options.maxRetryDelayMs, 'retryDelayMs', options.retryDelayMs);
    return { consumer: options.consumer ?? defaultConsumer() };
  },
);

/** Worker options with defaults applied, checked. @internal */
export type ResolvedWorkerOptions = Resolved<typeof WORKER_FIELDS>;

/**
 * Defaults of {@link OutboxWorkerOptions}, in one place.
 * @group Options
 * @category Order pipeline
 */
export const OUTBOX_WORKER_DEFAULTS = OUTBOX_WORKER_SPEC.defaults;
