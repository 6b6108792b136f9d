import type { HeldLock } from '../../lock/core/held-lock.js';
import type { Locker } from '../../lock/core/locker.js';

/**
 * One sale's leadership among sweepers: a lease through the lock helper, renewed
 * on every sweep, given up on stop. Losing it mid-sweep is harmless (every hold is
 * released exactly once whoever sweeps); it only saves duplicate work.
 * @internal
 */
export class Leadership {
  private lease: HeldLock | undefined;

  constructor(
    private readonly lock: Locker,
    private readonly name: string,
    private readonly leaseMs: number,
  ) {}

  /** True when this process leads (renewing or taking the lease). */
  async lead(): Promise<boolean> {
    if (this.lease !== undefined) {
      if ((await this.lease.extend(this.leaseMs)).extended) return true;
      this.lease = undefined;
    }
    const attempt = await this.lock.tryAcquire(this.name, { ttlMs: this.leaseMs });
    if (attempt.acquired) this.lease = attempt.lock;
    return attempt.acquired;
  }

  /** Gives the lease up, so another process can lead at once. */
  async resign(): Promise<void> {
    const lease = this.lease;
    this.lease = undefined;
    await lease?.release();
  }
}
