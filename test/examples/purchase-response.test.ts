/**
 * The HTTP example's mapping of purchase refusals: the sale's own rate limit
 * (PreloadRules.rateLimit) is a 429 with Retry-After, like the server's limiter.
 */
import { describe, expect, it } from 'vitest';
import { purchaseResponse } from '../../examples/http/purchase-response.js';

describe('purchaseResponse', () => {
  it('answers rate_limited with 429, the wait, and Retry-After in whole seconds rounded up', () => {
    for (const [retryAfterMs, seconds] of [
      [1, '1'],
      [1000, '1'],
      [1001, '2'],
      [9_500, '10'],
    ] as const) {
      expect(
        purchaseResponse({
          ok: false,
          reason: 'rate_limited',
          line: null,
          item: null,
          retryAfterMs,
        }),
      ).toEqual({
        status: 429,
        body: { reason: 'rate_limited', retryAfterMs },
        headers: { 'Retry-After': seconds },
      });
    }
  });

  it('answers the sale-state refusals with 409 and not_loaded with 404', () => {
    expect(
      purchaseResponse({ ok: false, reason: 'limit_reached', line: 0, item: 'default' }),
    ).toEqual({ status: 409, body: { reason: 'limit_reached' }, headers: {} });
    expect(purchaseResponse({ ok: false, reason: 'not_loaded', line: null, item: null })).toEqual({
      status: 404,
      body: { reason: 'not_loaded' },
      headers: {},
    });
  });
});
