/** The shared error mapping, case by case, including the answers hard to provoke over HTTP. */
import { describe, expect, it } from 'vitest';
import {
  IdempotencyConflictError,
  InvalidArgumentError,
  RedisCommandError,
  RedisTimeoutError,
  RedisUnavailableError,
  ReservationReleasedError,
  ReservationSoldError,
  UnknownReservationError,
} from '../../src/index.js';
import { toHttpError } from '../../examples/http/http-error.js';
import { UnknownSaleError } from '../../examples/http/unknown-sale-error.js';

describe('toHttpError', () => {
  it.each([
    [new InvalidArgumentError('quantity', 0, 'an integer'), 400, 'INVALID_ARGUMENT'],
    [new UnknownReservationError('s:1'), 404, 'UNKNOWN_RESERVATION'],
    [new UnknownSaleError('s'), 404, 'UNKNOWN_SALE'],
    [new ReservationReleasedError('s:1', 'expired'), 409, 'RESERVATION_RELEASED'],
    [new ReservationSoldError('s:1'), 409, 'RESERVATION_SOLD'],
    [new IdempotencyConflictError('k'), 409, 'IDEMPOTENCY_CONFLICT'],
  ])('maps %s to %i, passing the message on', (error, status, code) => {
    expect(toHttpError(error)).toEqual({
      status,
      body: { error: code, message: error.message },
      headers: {},
    });
  });

  it('answers an unreachable Redis with 503 and Retry-After, hiding the cause', () => {
    const error = new RedisUnavailableError(
      'tryPurchase',
      new Error('connect ECONNREFUSED 10.0.0.7:6379'),
    );
    expect(toHttpError(error)).toEqual({
      status: 503,
      body: {
        error: 'REDIS_UNAVAILABLE',
        message: 'the sale is unavailable for a moment; try again',
      },
      headers: { 'Retry-After': '1' },
    });
  });

  it('answers a timeout with 504 telling the client to retry with the same Idempotency-Key', () => {
    expect(toHttpError(new RedisTimeoutError('tryPurchase', 2000))).toEqual({
      status: 504,
      body: {
        error: 'REDIS_TIMEOUT',
        message: 'the outcome is unknown; retry with the same Idempotency-Key to learn it',
      },
      headers: {},
    });
  });

  it('keeps the status of an exposed 4xx framework error', () => {
    const error = Object.assign(new Error('request entity too large'), {
      status: 413,
      expose: true,
    });
    expect(toHttpError(error)).toEqual({
      status: 413,
      body: { error: 'BODY_TOO_LARGE', message: 'request entity too large' },
      headers: {},
    });
  });

  it.each([
    new RedisCommandError('tryPurchase', new Error('OOM command not allowed')),
    new Error('secret connection string redis://user:pw@host'),
    Object.assign(new Error('unexposed'), { status: 400, expose: false }),
    'a thrown string',
  ])('answers anything else (%s) with a bare 500', (error) => {
    expect(toHttpError(error)).toEqual({
      status: 500,
      body: { error: 'INTERNAL', message: 'internal server error' },
      headers: {},
    });
  });
});
