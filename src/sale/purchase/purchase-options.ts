import { MAX_PER_USER_LIMIT } from '../ops/preload-options.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { textId } from '../../shared/validate/text-id.js';
import { readOptions } from '../../shared/validate/options-object.js';

/**
 * Options of one {@link FlashSale.tryPurchase} call.
 * @group Options
 * @category Sale
 */
export interface PurchaseOptions {
  /**
   * Units to reserve, from 1 up to the sale's per-user limit.
   * @defaultValue `1`
   */
  readonly quantity?: number;
  /**
   * Makes the call safe to retry: the same key (with the same user and quantity)
   * returns the original reservation and never takes a second unit. Use the
   * request id your client sends, 1–256 bytes.
   */
  readonly idempotencyKey?: string;
}

/** A purchase request, validated. @internal */
export interface PurchaseRequest {
  readonly userId: string;
  readonly quantity: number;
  /** `''` when the caller gave none. */
  readonly idempotencyKey: string;
}

const PURCHASE_SHAPE = {
  owner: 'tryPurchase',
  keys: ['quantity', 'idempotencyKey'],
  optional: true,
} as const;

/** Validates a purchase before it can reach Redis. @internal */
export function purchaseRequest(userId: unknown, given: unknown): PurchaseRequest {
  const options = readOptions(given, PURCHASE_SHAPE);
  return {
    userId: textId('userId', userId),
    quantity:
      options.quantity === undefined
        ? 1
        : integerInRange('quantity', options.quantity, 1, MAX_PER_USER_LIMIT),
    idempotencyKey:
      options.idempotencyKey === undefined ? '' : textId('idempotencyKey', options.idempotencyKey),
  };
}
