import { randomBytes } from 'node:crypto';

/**
 * 96 random bits as 16 base64url characters. Reservation ids and op tokens are
 * drawn here, by the client, not counted in Redis: a counter in Redis repeats
 * after Redis loses recent writes (an AOF tail lost in a crash, a failover to a
 * lagging replica) or after a sale id is reused, and it leaks sales volume.
 * @internal
 */
export function randomToken(): string {
  return randomBytes(12).toString('base64url');
}

/** The characters of a {@link randomToken}. @internal */
export const RANDOM_TOKEN = /^[A-Za-z0-9_-]{16}$/;

/**
 * How long a mutating call's answer is kept for a re-sent copy of it (ioredis
 * re-sends unanswered commands after reconnecting; that happens within seconds).
 * @internal
 */
export const OP_REPLAY_MS = 10 * 60_000;
