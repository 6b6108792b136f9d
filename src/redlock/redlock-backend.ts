import Redlock from 'redlock';
import type { LockBackend, Taken } from '../lock/core/lock-backend.js';
import type { LockKeys } from '../lock/keys/lock-keys.js';
import {
  fenceNextScript,
  fenceRaiseScript,
  fenceRetentionMs,
  parseFence,
} from '../lock/lua/lock-scripts.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import { QuorumTracker } from './quorum-tracker.js';
import { redlockServer } from './redlock-server.js';

/**
 * The Redlock algorithm over N independent servers, through `redlock` 4.2 for the
 * lock itself (quorum vote, token-checked extend and release), plus a two-phase
 * fencing token of our own (see {@link RedlockBackend.fence}). redlock's own retry
 * loop is off (`retryCount: 0`): waiting and jitter are the shared core's.
 * @internal
 */
export class RedlockBackend implements LockBackend {
  constructor(
    private readonly clients: readonly RedisClient[],
    private readonly driftFactor: number,
    private readonly timeoutMs: number,
  ) {}

  async take(keys: LockKeys, ttlMs: number, operation: string): Promise<Taken | undefined> {
    const { tracker, redlock } = this.session(operation);
    let token: string;
    try {
      token = (await redlock.lock(keys.lock, ttlMs)).value;
    } catch (error) {
      this.checkNoQuorum(error, tracker);
      return undefined;
    }
    const fence = await this.fence(keys, token, ttlMs, tracker);
    if (fence !== undefined) return { token, fence };
    await redlock.unlock({ resource: keys.lock, value: token, expiration: 0 }).then(
      () => undefined,
      () => undefined,
    );
    tracker.throwIfUnreachable();
    return undefined;
  }

  async extend(keys: LockKeys, token: string, ttlMs: number, operation: string): Promise<boolean> {
    const { tracker, redlock } = this.session(operation);
    try {
      // redlock 4 refuses when `expiration` (wall clock) has passed; validity is
      // judged by the caller on the monotonic clock instead.
      const lock = { resource: keys.lock, value: token, expiration: Number.MAX_SAFE_INTEGER };
      await redlock.extend(lock, ttlMs);
      return true;
    } catch (error) {
      this.checkNoQuorum(error, tracker);
      return false;
    }
  }

  async release(keys: LockKeys, token: string, operation: string): Promise<boolean> {
    const { tracker, redlock } = this.session(operation);
    try {
      await redlock.unlock({ resource: keys.lock, value: token, expiration: 0 });
      return true;
    } catch (error) {
      this.checkNoQuorum(error, tracker);
      return false;
    }
  }

  /**
   * Issues a fencing token that is larger than that of every earlier holder whose
   * acquisition completed, without any clock assumption: phase 1 asks every server
   * still holding our lock for its next token and keeps the largest; phase 2 raises
   * a quorum's counters to it. A later holder's phase 1 reaches a quorum too, so it
   * meets a raised counter on at least one server, where the earlier holder's raise
   * ran while the earlier lock still existed, hence before the later lock was set.
   * Holds as long as no server forgets its counter (see docs/locks.md).
   */
  private async fence(
    keys: LockKeys,
    token: string,
    ttlMs: number,
    tracker: QuorumTracker,
  ): Promise<number | undefined> {
    const { operation } = tracker;
    const retentionMs = fenceRetentionMs(ttlMs);
    const fenceKeys = [keys.lock, keys.fence];
    const issued = await this.onEachServer(tracker, (client) =>
      fenceNextScript.run(client, operation, this.timeoutMs, fenceKeys, [token, retentionMs]),
    );
    const fences = issued.flatMap((reply) => parseFence(operation, reply) ?? []);
    if (fences.length < tracker.quorum) return undefined;
    const fence = Math.max(...fences);
    const raised = await this.onEachServer(tracker, (client) =>
      fenceRaiseScript.run(client, operation, this.timeoutMs, fenceKeys, [
        token,
        String(fence),
        retentionMs,
      ]),
    );
    return raised.filter((reply) => reply === 1).length >= tracker.quorum ? fence : undefined;
  }

  /** Runs `call` on every server at once; returns the replies of those that answered. */
  private async onEachServer(
    tracker: QuorumTracker,
    call: (client: RedisClient) => Promise<unknown>,
  ): Promise<unknown[]> {
    const settled = await Promise.allSettled(this.clients.map(call));
    return settled.flatMap((outcome, index) => {
      if (outcome.status === 'fulfilled') return [outcome.value];
      tracker.record(index, outcome.reason);
      return [];
    });
  }

  /**
   * A redlock call failed to reach a quorum. That is contention (return normally)
   * unless too many servers failed (throw the typed Redis error); anything that is
   * not redlock's LockError is rethrown as is.
   */
  private checkNoQuorum(error: unknown, tracker: QuorumTracker): void {
    if (
      !(error instanceof Redlock.LockError) &&
      !(error instanceof Error && error.name === 'LockError')
    ) {
      throw error;
    }
    tracker.throwIfUnreachable();
  }

  /** A redlock instance for one operation, so its failures can be counted. */
  private session(operation: string): { tracker: QuorumTracker; redlock: Redlock } {
    const tracker = new QuorumTracker(this.clients.length, operation);
    const servers = this.clients.map((client, index) =>
      redlockServer(client, index, tracker, this.timeoutMs),
    );
    const redlock = new Redlock(servers, {
      driftFactor: this.driftFactor,
      retryCount: 0,
      retryDelay: 0,
      retryJitter: 0,
    });
    return { tracker, redlock };
  }
}
