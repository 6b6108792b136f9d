/**
 * The lock channel on a real Redis: acquired, extended, released, and a loss
 * published once per holding however it is found out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CHANNELS, type LockMessage } from '../../src/index.js';
import { RedisLock, isLockLostError } from '../../src/lock/index.js';
import { redisClient, uniquePrefix } from '../harness/clients.js';
import { capture, type Capture } from './capture.js';

const redis = redisClient();
const prefix = uniquePrefix('diag-lock');
let locks: Capture<LockMessage> | undefined;

afterEach(async () => {
  locks?.stop();
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
});

/** This test's messages, without the validity (a duration, checked apart). */
function actions(key: string): unknown[] {
  return (locks?.messages ?? [])
    .filter((message) => message.key === key)
    .map(({ action, fence, reason }) => [action, fence, reason]);
}

describe('the lock channel', () => {
  it('publishes acquired, extended and released with the fencing token and the validity left', async () => {
    const lock = new RedisLock({ redis, keyPrefix: prefix });
    locks = capture<LockMessage>(DIAGNOSTIC_CHANNELS.lock);
    const attempt = await lock.tryAcquire('job', { ttlMs: 60_000 });
    if (!attempt.acquired) throw new Error('expected the lock');
    const { fence } = attempt.lock;
    expect(await attempt.lock.extend()).toMatchObject({ extended: true });
    expect(await attempt.lock.release()).toEqual({ released: true });
    expect(await lock.tryAcquire('job', { ttlMs: 60_000 })).toMatchObject({ acquired: true });
    expect(actions('job')).toEqual([
      ['acquired', fence, null],
      ['extended', fence, null],
      ['released', fence, null],
      ['acquired', expect.any(Number) as unknown, null],
    ]);
    const [acquired, extended, released] = locks.messages;
    expect(acquired?.validityMs).toBeGreaterThan(0);
    expect(acquired?.validityMs).toBeLessThanOrEqual(60_000);
    expect(extended?.validityMs).toBeGreaterThan(0);
    expect(released?.validityMs).toBe(0);
  });

  it('publishes a loss once, when an extension is refused, not again on later refusals or the release', async () => {
    const lock = new RedisLock({ redis, keyPrefix: prefix });
    locks = capture<LockMessage>(DIAGNOSTIC_CHANNELS.lock);
    const attempt = await lock.tryAcquire('stolen', { ttlMs: 60_000 });
    if (!attempt.acquired) throw new Error('expected the lock');
    await redis.del(`${prefix}{stolen}`); // as if it had expired in Redis
    expect(await attempt.lock.extend()).toEqual({ extended: false, reason: 'not-held' });
    expect(await attempt.lock.extend()).toEqual({ extended: false, reason: 'not-held' });
    expect(await attempt.lock.release()).toEqual({ released: false, reason: 'not-held' });
    const { fence } = attempt.lock;
    expect(actions('stolen')).toEqual([
      ['acquired', fence, null],
      ['lost', fence, 'not-held'],
    ]);
  });

  it("publishes withLock's keep-alive extensions and the loss it finds", async () => {
    const lock = new RedisLock({ redis, keyPrefix: prefix });
    locks = capture<LockMessage>(DIAGNOSTIC_CHANNELS.lock);
    let extensions = 0;
    const outcome = await lock
      .withLock(
        'kept',
        async (signal) => {
          // wait for two keep-alive extensions, then take the lock away
          await new Promise<void>((resolve) => {
            const check = setInterval(() => {
              extensions = actions('kept').filter(
                (entry) => (entry as string[])[0] === 'extended',
              ).length;
              if (extensions >= 2) {
                clearInterval(check);
                resolve();
              }
            }, 5);
          });
          await redis.del(`${prefix}{kept}`);
          await new Promise<void>((resolve) => {
            signal.addEventListener(
              'abort',
              () => {
                resolve();
              },
              { once: true },
            );
          });
        },
        { ttlMs: 60_000, extendIntervalMs: 20 },
      )
      .catch((error: unknown) => error);
    expect(isLockLostError(outcome)).toBe(true);
    const seen = actions('kept').map((entry) => (entry as unknown[])[0]);
    expect(seen[0]).toBe('acquired');
    expect(seen.at(-1)).toBe('lost');
    expect(seen.filter((action) => action === 'lost')).toHaveLength(1);
    // every extension between them succeeded, and none was published after the loss
    expect(seen.slice(1, -1).every((action) => action === 'extended')).toBe(true);
    expect(seen.length - 2).toBeGreaterThanOrEqual(extensions);
    expect(locks.messages.at(-1)?.reason).toBe('not-held');
  });
});
