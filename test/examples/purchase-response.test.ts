/**
 * The examples' HTTP mapping of refusals: a refusal that says when to come back
 * (`busy`, `rate_limited`) is 429 with Retry-After in whole seconds, rounded up.
 */
import { describe, expect, it } from 'vitest';
import { purchaseResponse } from '../../examples/http/purchase-response.js';

describe('purchaseResponse', () => {
  it.each([
    ['busy', 1, '1'],
    ['busy', 999, '1'],
    ['busy', 1000, '1'],
    ['busy', 1001, '2'],
    ['rate_limited', 4500, '5'],
    ['rate_limited', 10_000, '10'],
  ] as const)(
    'answers %s after %i ms with 429 and Retry-After %s',
    (reason, retryAfterMs, header) => {
      const answer = purchaseResponse({
        ok: false,
        reason,
        line: null,
        item: null,
        retryAfterMs,
      });
      expect(answer).toEqual({
        status: 429,
        body: { reason, retryAfterMs },
        headers: { 'Retry-After': header },
      });
    },
  );

  it.each([
    ['sold_out', 409],
    ['limit_reached', 409],
    ['not_started', 409],
    ['not_loaded', 404],
    ['invalid_token', 403],
  ] as const)('answers %s with %i and no Retry-After', (reason, status) => {
    const answer = purchaseResponse({ ok: false, reason, line: null, item: null });
    expect(answer).toEqual({ status, body: { reason }, headers: {} });
  });
});
