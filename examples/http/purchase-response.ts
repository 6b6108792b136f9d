import type { IncomingHttpHeaders } from 'node:http';
import type { QueuedPurchaseResult } from '../../src/index.js';
import type { BuyerRateLimiter } from './rate-limit.js';
import { buyerId, itemFrom, purchaseOptions } from './request-input.js';
import type { ShopSale } from './shop-sale.js';

/** The status, JSON body and extra headers answering one purchase. */
export interface PurchaseAnswer {
  readonly status: number;
  readonly body: object;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Maps a queued purchase to HTTP. A refusal is a normal answer, not an error:
 * the body is `{ reason }` and the front end shows a message per reason.
 * - 200 `{ reservation, replayed, order }`: units held until
 *   `reservation.deadlineMs`; `replayed` is true when the Idempotency-Key was
 *   seen before (same reservation); `order` is `{ state, reason }`, `pending`
 *   until the worker has written the order (then poll `GET …/orders/:id`)
 * - 409 `{ reason }` for `sold_out`, `insufficient_stock`, `limit_reached`,
 *   `not_started`, `ended`: the request is fine, the sale's state refuses it
 * - 404 `{ reason: 'not_loaded' }`: the sale is not there in Redis (never
 *   preloaded, or its keys expired long after it ended), the same answer as for a
 *   sale id this server does not know
 * - 429 `{ reason, retryAfterMs }` with `Retry-After` (whole seconds, rounded up)
 *   for a refusal that says when to come back: `busy` (this process has as many
 *   purchases waiting for Redis as it lets in) and `rate_limited` (over the sale's
 *   own `rateLimit`, decided in Redis; the same answer as this server's limiter's)
 * - 403 `{ reason: 'invalid_token' }`: the sale requires a purchase token and this
 *   one is missing, forged, another buyer's, expired or already used
 */
export function purchaseResponse(result: QueuedPurchaseResult): PurchaseAnswer {
  if (result.ok) {
    const { state, reason } = result.status;
    return {
      status: 200,
      body: {
        reservation: result.reservation,
        replayed: result.replayed,
        order: { state, reason },
      },
      headers: {},
    };
  }
  if (result.retryAfterMs !== undefined) return tooManyRequests(result.reason, result.retryAfterMs);
  const status =
    result.reason === 'not_loaded' ? 404 : result.reason === 'invalid_token' ? 403 : 409;
  return { status, body: { reason: result.reason }, headers: {} };
}

/** 429 with the wait in the body (ms) and in `Retry-After` (whole seconds, at least 1). */
function tooManyRequests(reason: string, retryAfterMs: number): PurchaseAnswer {
  return {
    status: 429,
    body: { reason, retryAfterMs },
    headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
  };
}

/** What a purchase request carries, whatever the framework. */
export interface PurchaseRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly query: Readonly<Record<string, unknown>>;
}

/**
 * Serves `POST /sales/:saleId/purchase`: over the buyer's rate limit, 429
 * `{ reason: 'rate_limited', retryAfterMs }` with `Retry-After` (nothing else
 * runs); otherwise a queued purchase of the item asked for, answered by
 * {@link purchaseResponse}. Bad input throws `InvalidArgumentError` (400).
 */
export async function purchase(
  shop: ShopSale,
  request: PurchaseRequest,
  limiter: BuyerRateLimiter | undefined,
): Promise<PurchaseAnswer> {
  const buyer = buyerId(request.headers);
  const waitMs = buyer === '' ? 0 : (limiter?.take(`${shop.sale.saleId}\n${buyer}`) ?? 0);
  if (waitMs > 0) return tooManyRequests('rate_limited', waitMs);
  // Checked for the page's sake; a FlashSale sells its one item (the listing's).
  itemFrom(request.body, request.query, shop.listing);
  const options = purchaseOptions(request.headers, request.body, request.query);
  return purchaseResponse(await shop.orders.purchase(buyer, options));
}
