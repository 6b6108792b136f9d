import type { PurchaseResult } from '../../src/index.js';

/** The status and JSON body answering one purchase. */
export interface PurchaseAnswer {
  readonly status: number;
  readonly body: object;
}

/**
 * Maps a purchase result to HTTP. A refusal is a normal answer, not an error: the
 * body is `{ reason }` and the front end shows a message per reason.
 * - 200 `{ reservation, replayed }`: units held until `reservation.deadlineMs`;
 *   `replayed` is true when the Idempotency-Key was seen before (same reservation)
 * - 409 `{ reason }` for `sold_out`, `insufficient_stock`, `limit_reached`,
 *   `not_started`, `ended`: the request is fine, the sale's state refuses it
 * - 404 `{ reason: 'not_loaded' }`: the sale is not there in Redis (never
 *   preloaded, or its keys expired long after it ended), the same answer as for a
 *   sale id this server does not know
 */
export function purchaseResponse(result: PurchaseResult): PurchaseAnswer {
  if (result.ok) {
    return { status: 200, body: { reservation: result.reservation, replayed: result.replayed } };
  }
  return { status: result.reason === 'not_loaded' ? 404 : 409, body: { reason: result.reason } };
}
