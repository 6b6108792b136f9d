import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { MAX_TIMER_MS } from '../../shared/options/bounds.js';
import {
  defineOptions,
  type Resolved,
  type ResolvedBase,
} from '../../shared/options/define-options.js';
import { fraction, integer, text } from '../../shared/options/kinds.js';
import type { LockOptions } from './lock-options.js';

/** A duration in milliseconds from `min` up to what a timer can wait. @internal */
export function ms(min: number): ReturnType<typeof integer> {
  return integer(min, MAX_TIMER_MS);
}

/**
 * The fields of {@link LockOptions}, shared by the specs of `RedisLock` and
 * `MultiRedisLock`, which add their client(s).
 * @internal
 */
export const LOCK_FIELDS = {
  keyPrefix: text().default('lock:'),
  ttlMs: ms(1).default(10_000),
  waitMs: ms(0).default(10_000),
  retryDelayMs: ms(1).default(50),
  maxRetryDelayMs: ms(1).default(1_000),
  driftFactor: fraction(0, 0.5).default(0.01),
  minValidityMs: ms(0).default(10),
  commandTimeoutMs: ms(1).default(2_000),
};

/** {@link LockOptions} with every default filled in and checked. @internal */
export type ResolvedLockOptions = Resolved<typeof LOCK_FIELDS>;

/** The checks across lock options. @internal */
export function finishLockOptions(options: ResolvedBase<typeof LOCK_FIELDS>): undefined {
  if (options.maxRetryDelayMs < options.retryDelayMs) {
    throw new InvalidArgumentError(
      'maxRetryDelayMs',
      options.maxRetryDelayMs,
      `at least retryDelayMs (${String(options.retryDelayMs)})`,
    );
  }
  checkTtl(options.ttlMs, options);
}

/** The lock options alone, for their published defaults. @internal */
export const LOCK_SPEC = defineOptions<LockOptions>()('lock', LOCK_FIELDS, finishLockOptions);

/**
 * Defaults of {@link LockOptions}, in one place.
 * @group Options
 */
export const LOCK_DEFAULTS = LOCK_SPEC.defaults;

/**
 * Checks a ttl: long enough that, after the drift allowance, at least
 * `minValidityMs` (and at least 1 ms) of validity could remain.
 * @internal
 */
export function checkTtl(
  value: unknown,
  options: Pick<ResolvedLockOptions, 'driftFactor' | 'minValidityMs'>,
): number {
  const ttlMs = ms(1).check('ttlMs', value);
  const floor = driftMs(ttlMs, options.driftFactor) + Math.max(options.minValidityMs, 1);
  if (ttlMs <= floor) {
    throw new InvalidArgumentError(
      'ttlMs',
      value,
      `more than the drift allowance plus minValidityMs (${String(floor)} ms here)`,
    );
  }
  return ttlMs;
}

/** The clock-drift allowance for a ttl, as in the Redlock algorithm. @internal */
export function driftMs(ttlMs: number, driftFactor: number): number {
  return Math.round(ttlMs * driftFactor) + 2;
}
