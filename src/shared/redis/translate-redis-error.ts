import { isFlashSaleError } from '../errors/flash-sale-error.js';
import {
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
} from '../errors/redis-errors.js';

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ETIMEDOUT',
]);
const CONNECTION_NAMES = new Set(['MaxRetriesPerRequestError', 'ClusterAllFailedError']);
// ioredis raises these as plain Errors (no name or code to go by); each means the
// server, or the Cluster's owner of a slot, could not be reached.
const CONNECTION_MESSAGES = [
  'Connection is closed',
  "Stream isn't writeable",
  'None of startup nodes is available',
  'Failed to refresh slots cache',
  // a slot's master is down and the survivors keep pointing at it (MOVED to a dead node)
  'Too many Cluster redirections',
  'Cluster is disconnect',
  "Cluster isn't ready",
  'Node is disconnected',
  'Socket timeout',
];

/**
 * Maps what ioredis rejects with onto this library's typed errors, in exactly one
 * place: server replies become {@link RedisCommandError}, connection trouble
 * {@link RedisUnavailableError}, client-side timeouts {@link RedisTimeoutError}.
 * Anything else (including our own errors) passes through unchanged.
 */
export function translateRedisError(operation: string, error: unknown, timeoutMs: number): unknown {
  if (isFlashSaleError(error) || !(error instanceof Error)) return error;
  if (error.name === 'ReplyError') return new RedisCommandError(operation, error);
  if (error.message.startsWith('Command timed out'))
    return new RedisTimeoutError(operation, timeoutMs);
  const code = (error as { code?: unknown }).code;
  if (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    CONNECTION_NAMES.has(error.name) ||
    CONNECTION_MESSAGES.some((text) => error.message.includes(text))
  ) {
    return new RedisUnavailableError(operation, error);
  }
  return error;
}
