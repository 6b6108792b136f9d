import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { checkSink } from '../sink/check-sink.js';
import { integerInRange } from '../validate/integer-in-range.js';
import { textId } from '../validate/text-id.js';
import { OUTBOX_WORKER_DEFAULTS, type OutboxWorkerOptions } from './worker-options.js';
import { checkOptionsObject } from '../validate/options-object.js';

/** Worker options with defaults applied, checked. @internal */
export type ResolvedWorkerOptions = Required<Omit<OutboxWorkerOptions, 'onError'>> &
  Pick<OutboxWorkerOptions, 'onError'>;

const HOUR_MS = 3_600_000;

/** Applies defaults and validates, quoting any bad value. @internal */
export function resolveWorkerOptions(options: OutboxWorkerOptions): ResolvedWorkerOptions {
  checkOptionsObject(options, { optional: false });
  const onError: unknown = options.onError;
  if (onError !== undefined && typeof onError !== 'function') {
    throw new InvalidArgumentError('onError', onError, 'a function or undefined');
  }
  const d = OUTBOX_WORKER_DEFAULTS;
  const bounded = (
    name: keyof typeof d,
    value: number | undefined,
    min: number,
    max: number,
  ): number => integerInRange(name, value ?? d[name], min, max);
  const retryDelayMs = bounded('retryDelayMs', options.retryDelayMs, 1, HOUR_MS);
  return {
    sale: options.sale,
    sink: checkSink(options.sink),
    group: textId('group', options.group ?? d.group),
    consumer: textId(
      'consumer',
      options.consumer ?? `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`,
    ),
    batchSize: bounded('batchSize', options.batchSize, 1, 1000),
    blockMs: bounded('blockMs', options.blockMs, 1, 60_000),
    reclaimIdleMs: bounded('reclaimIdleMs', options.reclaimIdleMs, 30, 24 * HOUR_MS),
    maxAttempts: bounded('maxAttempts', options.maxAttempts, 1, 1000),
    retryDelayMs,
    maxRetryDelayMs: bounded(
      'maxRetryDelayMs',
      options.maxRetryDelayMs,
      retryDelayMs,
      24 * HOUR_MS,
    ),
    writeTimeoutMs: bounded('writeTimeoutMs', options.writeTimeoutMs, 1, 24 * HOUR_MS),
    stopTimeoutMs: bounded('stopTimeoutMs', options.stopTimeoutMs, 0, 24 * HOUR_MS),
    trimIntervalMs: bounded('trimIntervalMs', options.trimIntervalMs, 1, HOUR_MS),
    maxHeldEvents: bounded('maxHeldEvents', options.maxHeldEvents, 1, 1_000_000),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  };
}
