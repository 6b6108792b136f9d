import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { DAY_MS, HOUR_MS } from '../../shared/options/bounds.js';
import { integer, textIdKind } from '../../shared/options/kinds.js';
import { groupOption, sinkKind } from '../options/pipeline-kinds.js';

/**
 * The delivery options `OutboxWorker` and `OutboxWorkerPool` share, with their
 * bounds and defaults written once: the pool delivers each sale exactly as a
 * worker does. @internal
 */
export const DELIVERY_FIELDS = {
  sink: sinkKind.required(),
  group: groupOption,
  consumer: textIdKind().computed('`<hostname>:<pid>:<random>`'),
  maxEventsPerWrite: integer(1, 1_000).default(100),
  reclaimIdleMs: integer(30, DAY_MS).default(30_000),
  maxAttempts: integer(1, 1_000).default(10),
  retryDelayMs: integer(1, HOUR_MS).default(200),
  maxRetryDelayMs: integer(1, DAY_MS).default(30_000),
  writeTimeoutMs: integer(1, DAY_MS).default(30_000),
  stopTimeoutMs: integer(0, DAY_MS).default(10_000),
  trimIntervalMs: integer(1, HOUR_MS).default(1_000),
  maxHeldEvents: integer(1, 1_000_000).default(1_000),
};

/** `value` must be at least `otherValue`, the option `other`'s. @internal */
export function atLeast(name: string, value: number, other: string, otherValue: number): void {
  if (value < otherValue) {
    throw new InvalidArgumentError(name, value, `at least ${other} (${String(otherValue)})`);
  }
}

/** The consumer name when none is given: unique per process and per instance. @internal */
export function defaultConsumer(): string {
  return `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
}
