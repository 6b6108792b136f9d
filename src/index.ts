/**
 * flash-sale: flash-sale inventory reservation on Redis.
 * @module
 */

// ── errors ──────────────────────────────────────────────────────────────────
export { FlashSaleError, isFlashSaleError } from './errors/flash-sale-error.js';
export { InvalidArgumentError, isInvalidArgumentError } from './errors/invalid-argument-error.js';
export {
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  isRedisCommandError,
  isRedisTimeoutError,
  isRedisUnavailableError,
} from './errors/redis-errors.js';
export type { RedisClient } from './redis/redis-client.js';

// ── lock (owned by the lock helper: edit only inside this block) ───────────
// ── end lock ────────────────────────────────────────────────────────────────
