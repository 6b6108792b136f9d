import type { LockKeys } from '../keys/lock-keys.js';
import { checkTtl, driftMs, type ResolvedLockOptions } from '../options/lock-spec.js';
import type { ExtendResult, HeldLock, ReleaseResult } from './held-lock.js';
import type { LockBackend, Taken } from './lock-backend.js';
import { publishLock } from './lock-diagnostics.js';

/** Options a held lock needs after acquisition. @internal */
export type HandleOptions = Pick<ResolvedLockOptions, 'driftFactor' | 'minValidityMs'>;

/**
 * The {@link HeldLock} implementation. Validity lives on the monotonic clock
 * (`performance.now()`), never on `Date.now()`, which NTP may step.
 * @internal
 */
export class LockHandle implements HeldLock {
  readonly key: string;
  readonly fence: number;
  private validUntil: number;
  private released = false;
  /** The loss was published: a holding reports it once, however it is found out. */
  private lossPublished = false;

  /**
   * @param startedAt - `performance.now()` just before the acquire was sent
   */
  constructor(
    private readonly backend: LockBackend,
    private readonly keys: LockKeys,
    private readonly taken: Taken,
    private readonly ttlMs: number,
    startedAt: number,
    private readonly options: HandleOptions,
  ) {
    this.key = keys.name;
    this.fence = taken.fence;
    this.validUntil = validUntil(startedAt, ttlMs, options.driftFactor);
  }

  remainingMs(): number {
    return this.validUntil - performance.now();
  }

  async extend(ttlMs: number = this.ttlMs): Promise<ExtendResult> {
    checkTtl(ttlMs, this.options);
    if (this.released) return { extended: false, reason: 'released' };
    // Past its validity another holder may already have the lock, even if our key
    // still looks present here; the Redlock variant cannot know better either.
    if (this.remainingMs() <= 0) {
      this.reportLost('expired');
      return { extended: false, reason: 'expired' };
    }
    const startedAt = performance.now();
    const held = await this.backend.extend(this.keys, this.taken.token, ttlMs, 'extend');
    if (!held) {
      this.reportLost('not-held');
      return { extended: false, reason: 'not-held' };
    }
    this.validUntil = validUntil(startedAt, ttlMs, this.options.driftFactor);
    const validityMs = this.remainingMs();
    publishLock('extended', this.key, this.fence, null, validityMs);
    return { extended: true, validityMs };
  }

  async release(): Promise<ReleaseResult> {
    if (this.released) return { released: false, reason: 'released' };
    const deleted = await this.backend.release(this.keys, this.taken.token, 'release');
    this.released = true;
    if (deleted) publishLock('released', this.key, this.fence);
    else this.reportLost('not-held');
    return deleted ? { released: true } : { released: false, reason: 'not-held' };
  }

  /**
   * Publishes that this holding is lost, once: an extension refused here, or
   * withLock's keep-alive finding its validity gone or an extension failing.
   */
  reportLost(reason: 'expired' | 'not-held' | 'extend-failed'): void {
    if (this.lossPublished) return;
    this.lossPublished = true;
    publishLock('lost', this.key, this.fence, reason);
  }
}

/** When a lock sent at `startedAt` with `ttlMs` stops being safe to rely on. @internal */
export function validUntil(startedAt: number, ttlMs: number, driftFactor: number): number {
  return startedAt + ttlMs - driftMs(ttlMs, driftFactor);
}
