/**
 * What ioredis rejects with, mapped onto the typed errors: every connection-trouble
 * shape it is known to raise (names, codes, and the plain Errors that carry only a
 * message) must come out as RedisUnavailableError, never as a bare Error.
 */
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError,
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
} from '../../../src/index.js';
import { translateRedisError } from '../../../src/shared/redis/translate-redis-error.js';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function withCode(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });
}

describe('translateRedisError', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['retries exhausted', named('MaxRetriesPerRequestError', 'Reached the max retries')],
    ['every cluster node failed', named('ClusterAllFailedError', 'Failed to refresh slots cache.')],
    ['a closed connection', new Error('Connection is closed.')],
    ['no startup node', new Error('None of startup nodes is available')],
    [
      'MOVED to a dead master, over and over',
      new Error('Too many Cluster redirections. Last error: ReplyError: MOVED 2526 127.0.0.1:1'),
    ],
    ['a disconnected cluster', new Error('Cluster is disconnected.')],
    [
      'a cluster that is not ready',
      new Error("Cluster isn't ready and enableOfflineQueue options is false"),
    ],
    ['a disconnected node', new Error('Node is disconnected')],
    [
      'a socket timeout',
      new Error("Socket timeout. Expecting data, but didn't receive any in 5ms."),
    ],
  ])('maps %s to RedisUnavailableError', (_what, error) => {
    const translated = translateRedisError('tryPurchase', error, 100);
    expect(translated).toBeInstanceOf(RedisUnavailableError);
    expect((translated as Error).message).toContain('tryPurchase');
  });

  it('maps a server reply to RedisCommandError and a client timeout to RedisTimeoutError', () => {
    expect(translateRedisError('stats', named('ReplyError', 'ERR wrong'), 100)).toBeInstanceOf(
      RedisCommandError,
    );
    expect(translateRedisError('stats', new Error('Command timed out'), 100)).toBeInstanceOf(
      RedisTimeoutError,
    );
  });

  it('passes our own errors, unknown errors and non-errors through unchanged', () => {
    const ours = new InvalidArgumentError('userId', 'x', 'a non-empty string');
    const unknown = new Error('something else');
    expect(translateRedisError('stats', ours, 100)).toBe(ours);
    expect(translateRedisError('stats', unknown, 100)).toBe(unknown);
    expect(translateRedisError('stats', 'text', 100)).toBe('text');
  });
});
