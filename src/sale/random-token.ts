import { randomFillSync } from 'node:crypto';

const TOKEN_BYTES = 12;
// One trip into OpenSSL per 341 tokens instead of one per token: at a batch of 64
// purchases, drawing 12 bytes at a time was a tenth of the Node side's CPU.
// Node's own crypto.randomUUID pools its entropy the same way.
const POOL_BYTES = TOKEN_BYTES * 341;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

/**
 * 96 random bits as 16 base64url characters. Reservation ids and op tokens are
 * drawn here, by the client, not counted in Redis: a counter in Redis repeats
 * after Redis loses recent writes (an AOF tail lost in a crash, a failover to a
 * lagging replica) or after a sale id is reused, and it leaks sales volume.
 * Each pool byte is handed out once.
 * @internal
 */
export function randomToken(): string {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const start = poolOffset;
  poolOffset += TOKEN_BYTES;
  return pool.toString('base64url', start, poolOffset);
}

/** The characters of a {@link randomToken}. @internal */
export const RANDOM_TOKEN = /^[A-Za-z0-9_-]{16}$/;

/**
 * How long a mutating call's answer is kept for a re-sent copy of it (ioredis
 * re-sends unanswered commands after reconnecting; that happens within seconds).
 * @internal
 */
export const OP_REPLAY_MS = 10 * 60_000;
