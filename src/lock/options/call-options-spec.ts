import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { defineOptions, type ResolvedBase } from '../../shared/options/define-options.js';
import { instanceOf } from '../../shared/options/kinds.js';
import type { AcquireOptions, TryAcquireOptions, WithLockOptions } from './lock-options.js';
import { checkTtl, driftMs, ms, type ResolvedLockOptions } from './lock-spec.js';

const TTL = ms(1).computed("the instance's `ttlMs`");
const ACQUIRE_FIELDS = {
  ttlMs: TTL,
  waitMs: ms(0).computed("the instance's `waitMs`"),
  signal: instanceOf(AbortSignal, 'an AbortSignal').optional(),
};
const WITH_LOCK_FIELDS = {
  ...ACQUIRE_FIELDS,
  extendIntervalMs: ms(1).computed('a third of `ttlMs`'),
};

/** The per-call ttl, checked against the lock's drift allowance. */
function ttlOf(given: number | undefined, lock: ResolvedLockOptions): number {
  return checkTtl(given ?? lock.ttlMs, lock);
}

/** Options of one `tryAcquire` call; the lock's own options fill the gaps. @internal */
export const TRY_ACQUIRE_SPEC = defineOptions<TryAcquireOptions, ResolvedLockOptions>()(
  'tryAcquire',
  { ttlMs: TTL },
  (given, lock) => ({ ttlMs: ttlOf(given.ttlMs, lock) }),
);

function finishAcquire(given: ResolvedBase<typeof ACQUIRE_FIELDS>, lock: ResolvedLockOptions) {
  return { ttlMs: ttlOf(given.ttlMs, lock), waitMs: given.waitMs ?? lock.waitMs };
}

/** Options of one `acquire` call. @internal */
export const ACQUIRE_SPEC = defineOptions<AcquireOptions, ResolvedLockOptions>()(
  'acquire',
  ACQUIRE_FIELDS,
  finishAcquire,
);

/** Options of one `withLock` call. @internal */
export const WITH_LOCK_SPEC = defineOptions<WithLockOptions, ResolvedLockOptions>()(
  'withLock',
  WITH_LOCK_FIELDS,
  (given, lock) => {
    const acquire = finishAcquire(given, lock);
    return {
      ...acquire,
      extendIntervalMs: extendInterval(given.extendIntervalMs, acquire.ttlMs, lock),
    };
  },
);

/**
 * `extendIntervalMs` (default: a third of the ttl) must come before the validity
 * runs out, or every extension would arrive too late.
 */
function extendInterval(
  given: number | undefined,
  ttlMs: number,
  lock: ResolvedLockOptions,
): number {
  if (given === undefined) return Math.max(1, Math.floor(ttlMs / 3));
  const limit = ttlMs - driftMs(ttlMs, lock.driftFactor) - 1;
  if (given > limit) {
    throw new InvalidArgumentError(
      'extendIntervalMs',
      given,
      `below the ttl minus the drift allowance (at most ${String(limit)} ms here)`,
    );
  }
  return given;
}
