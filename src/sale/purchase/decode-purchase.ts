import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { decodeReservation } from '../decode-reservation.js';
import {
  purchaseError,
  purchaseRejection,
  RATE_LIMITED,
  REPLAYED,
  RESERVED,
} from '../lua/reply-codes.js';
import { replyNumber } from '../../shared/lua/reply-shape.js';
import type { PurchaseRequest } from './purchase-options.js';
import type { PurchaseResult } from './purchase-result.js';

/** Entries per request in purchase-9.lua's reply: code, reservation id, record. */
const PURCHASE_REPLY_STRIDE = 3;

/**
 * Decodes the answer to request number `index` of a batch: a result, or the
 * error (misuse) that request alone rejects with.
 * @internal
 */
export function decodePurchase(
  saleId: string,
  request: PurchaseRequest,
  reply: readonly unknown[],
  index: number,
): PurchaseResult | Error {
  const at = index * PURCHASE_REPLY_STRIDE;
  const code = replyNumber('tryPurchase', reply, at);
  if (code === RESERVED || code === REPLAYED) {
    const reservation = decodeReservation(saleId, String(reply[at + 1]), reply[at + 2]);
    return { ok: true, reservation, replayed: code === REPLAYED };
  }
  if (code === RATE_LIMITED) {
    // record: the ms to wait, at least 1
    const retryAfterMs = Math.max(1, Number(reply[at + 2]));
    return { ok: false, reason: 'rate_limited', line: null, item: null, retryAfterMs };
  }
  // detail: the 1-based number of the refused line, or ''
  const detail = reply[at + 1];
  const line = detail === '' || detail === undefined ? null : Number(detail) - 1;
  const item = line === null ? null : (request.lines[line]?.item ?? null);
  const reason = purchaseRejection(code);
  if (reason !== undefined) return { ok: false, reason, line, item };
  return (
    purchaseError(code, saleId, request.idempotencyKey, item) ??
    new RedisCommandError('tryPurchase', `unexpected code ${String(code)}`)
  );
}

/**
 * For a sold_out answer to request number `index`: the script's hint, ms until
 * the sale's earliest hold falls due, or `undefined` when the item has no holds.
 * @internal
 */
export function soldOutDueInMs(reply: readonly unknown[], index: number): number | undefined {
  const hint = reply[index * PURCHASE_REPLY_STRIDE + 2];
  return typeof hint === 'string' && hint !== '' ? Number(hint) : undefined;
}
