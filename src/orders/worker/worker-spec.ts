import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS, HOUR_MS } from '../../shared/options/bounds.js';
import { defineOptions, type Resolved } from '../../shared/options/define-options.js';
import { callback, integer, textIdKind } from '../../shared/options/kinds.js';
import { groupOption, saleKind, sinkKind } from '../options/pipeline-kinds.js';
import type { OutboxWorkerOptions, WorkerErrorHandler } from './worker-options.js';

const WORKER_FIELDS = {
  sale: saleKind.required(),
  sink: sinkKind.required(),
  group: groupOption,
  consumer: textIdKind().computed('`<hostname>:<pid>:<random>`'),
  maxEventsPerWrite: integer(1, 1_000).default(100),
  blockMs: integer(1, 60_000).default(1_000),
  reclaimIdleMs: integer(30, DAY_MS).default(30_000),
  maxAttempts: integer(1, 1_000).default(10),
  retryDelayMs: integer(1, HOUR_MS).default(200),
  maxRetryDelayMs: integer(1, DAY_MS).default(30_000),
  writeTimeoutMs: integer(1, DAY_MS).default(30_000),
  stopTimeoutMs: integer(0, DAY_MS).default(10_000),
  trimIntervalMs: integer(1, HOUR_MS).default(1_000),
  maxHeldEvents: integer(1, 1_000_000).default(1_000),
  onError: callback<WorkerErrorHandler>().optional(),
};

/** The options of `new OutboxWorker(…)`. @internal */
export const OUTBOX_WORKER_SPEC = defineOptions<OutboxWorkerOptions>()(
  'OutboxWorker',
  WORKER_FIELDS,
  (options) => {
    if (options.maxRetryDelayMs < options.retryDelayMs) {
      throw new InvalidArgumentError(
        'maxRetryDelayMs',
        options.maxRetryDelayMs,
        `at least retryDelayMs (${String(options.retryDelayMs)})`,
      );
    }
    return {
      consumer:
        options.consumer ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`,
    };
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
