import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { LOCK_DEFAULTS, type LockOptions } from './lock-options.js';
import { checkMs } from './validate.js';
import { checkOptionsObject } from '../../validate/options-object.js';

/** {@link LockOptions} with every default filled in and checked. */
export type ResolvedLockOptions = {
  readonly [K in keyof LockOptions]-?: NonNullable<LockOptions[K]>;
};

/** Fills in defaults and validates, quoting any bad value. */
export function resolveLockOptions(options: LockOptions = {}): ResolvedLockOptions {
  checkOptionsObject(options, { optional: true });
  const merged = { ...LOCK_DEFAULTS, ...withoutUndefined(options) };
  if (typeof merged.keyPrefix !== 'string') {
    throw new InvalidArgumentError('keyPrefix', merged.keyPrefix, 'a string');
  }
  const { driftFactor } = merged;
  if (typeof driftFactor !== 'number' || !(driftFactor >= 0 && driftFactor < 0.5)) {
    throw new InvalidArgumentError('driftFactor', driftFactor, 'a number from 0 to below 0.5');
  }
  checkMs('minValidityMs', merged.minValidityMs, 0);
  checkMs('commandTimeoutMs', merged.commandTimeoutMs, 1);
  checkMs('waitMs', merged.waitMs, 0);
  checkMs('retryDelayMs', merged.retryDelayMs, 1);
  checkMs('maxRetryDelayMs', merged.maxRetryDelayMs, merged.retryDelayMs);
  checkTtl(merged.ttlMs, merged);
  return merged;
}

/**
 * Checks a ttl: long enough that, after the drift allowance, at least
 * `minValidityMs` (and at least 1 ms) of validity could remain.
 */
export function checkTtl(
  value: unknown,
  options: Pick<ResolvedLockOptions, 'driftFactor' | 'minValidityMs'>,
): number {
  const ttlMs = checkMs('ttlMs', value, 1);
  const floor = driftMs(ttlMs, options.driftFactor) + Math.max(options.minValidityMs, 1);
  if (ttlMs <= floor) {
    throw new InvalidArgumentError(
      'ttlMs',
      value,
      `more than the drift allowance plus minValidityMs (${floor} ms here)`,
    );
  }
  return ttlMs;
}

/** The clock-drift allowance for a ttl, as in the Redlock algorithm. */
export function driftMs(ttlMs: number, driftFactor: number): number {
  return Math.round(ttlMs * driftFactor) + 2;
}

/** `{ a: undefined }` means "use the default", as `exactOptionalPropertyTypes` callers may not. */
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}
