import { MAX_PER_USER_LIMIT } from '../catalog/catalog-bounds.js';
import { DEFAULT_ITEM, itemId } from '../catalog/item-id.js';
import { cartLines, encodeLines, type ReservationLine } from '../catalog/lines.js';
import { encodeMetadata, type ReservationMetadata } from '../catalog/metadata.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { textId } from '../../shared/validate/text-id.js';
import { readOptions } from '../../shared/validate/options-object.js';

/**
 * What every purchase may carry, one line or a cart.
 * @group Options
 * @category Sale
 */
export interface PurchaseCommonOptions {
  /**
   * Makes the call safe to retry: the same key (with the same user and lines)
   * returns the original reservation and never takes a second unit. Use the
   * request id your client sends, 1–256 bytes.
   * @defaultValue none
   */
  readonly idempotencyKey?: string;
  /**
   * A small value stored with the reservation and carried into its order events
   * (price, variant, channel): see {@link ReservationMetadata}.
   * @defaultValue none
   */
  readonly metadata?: ReservationMetadata;
  /**
   * Who is calling, besides the user: the client's IP address, a device id, 1–256
   * bytes. Only the sale's per-client rate limit
   * ({@link RateLimits.perClient}) reads it; a purchase without it is not limited
   * per client (the per-user limit still applies).
   * @defaultValue none
   */
  readonly clientKey?: string;
  /**
   * A token from {@link FlashSale.issuePurchaseToken} for this buyer: checked
   * (signature in this process, expiry and single use in Redis) whenever given,
   * and required by a sale preloaded with `requirePurchaseToken`. A bad one is
   * refused as `invalid_token`. Needs {@link FlashSaleOptions.purchaseTokenKey}.
   * @defaultValue none
   */
  readonly purchaseToken?: string;
}

/**
 * Options of one {@link FlashSale.tryPurchase} call: one line.
 * @group Options
 * @category Sale
 */
export interface PurchaseOptions extends PurchaseCommonOptions {
  /**
   * The item to reserve, an id from the sale's catalog.
   * @defaultValue {@link DEFAULT_ITEM} (the item of a sale preloaded with `stock`)
   */
  readonly item?: string;
  /**
   * Units to reserve, from 1 up to the per-user limit.
   * @defaultValue `1`
   */
  readonly quantity?: number;
}

/**
 * Options of one {@link FlashSale.tryPurchaseCart} call: several lines, reserved
 * all or nothing as one reservation.
 * @group Options
 * @category Sale
 */
export interface CartOptions extends PurchaseCommonOptions {
  /** The cart: 1 to {@link MAX_CART_LINES} lines, each of a different item. */
  readonly lines: readonly ReservationLine[];
}

/** A purchase request, validated. @internal */
export interface PurchaseRequest {
  readonly userId: string;
  readonly lines: readonly ReservationLine[];
  /** The lines as the script takes them. */
  readonly linesText: string;
  /** `''` when the caller gave none. */
  readonly idempotencyKey: string;
  /** JSON, `''` for none. */
  readonly metadata: string;
  /** `''` when the caller gave none. */
  readonly clientKey: string;
  /** The purchase token as given, `''` for none (src/sale/tokens/). */
  readonly purchaseToken: string;
  /** For the script: the verified token's `<id>:<expiresMs>`, `''` for none. */
  readonly tokenArg: string;
}

const PURCHASE_SHAPE = {
  owner: 'tryPurchase',
  keys: ['item', 'quantity', 'idempotencyKey', 'metadata', 'clientKey', 'purchaseToken'],
  optional: true,
} as const;

const CART_SHAPE = {
  owner: 'tryPurchaseCart',
  keys: ['lines', 'idempotencyKey', 'metadata', 'clientKey', 'purchaseToken'],
  optional: false,
} as const;

function request(
  userId: unknown,
  lines: readonly ReservationLine[],
  idempotencyKey: unknown,
  metadata: unknown,
  clientKey: unknown,
  purchaseToken: unknown,
): PurchaseRequest {
  return {
    userId: textId('userId', userId),
    lines,
    linesText: encodeLines(lines),
    idempotencyKey: idempotencyKey === undefined ? '' : textId('idempotencyKey', idempotencyKey),
    metadata: encodeMetadata(metadata),
    clientKey: clientKey === undefined ? '' : textId('clientKey', clientKey),
    purchaseToken: purchaseToken === undefined ? '' : textId('purchaseToken', purchaseToken),
    tokenArg: '',
  };
}

// `tryPurchase(userId)`, the crowd's call: one unit of the default item, its
// lines made once (a sold-out refusal from memory then allocates one object).
const DEFAULT_LINES: readonly ReservationLine[] = Object.freeze([
  Object.freeze({ item: DEFAULT_ITEM, quantity: 1 }),
]);
const DEFAULT_LINES_TEXT = encodeLines(DEFAULT_LINES);

/** Validates a one-line purchase before it can reach Redis. @internal */
export function purchaseRequest(userId: unknown, given: unknown): PurchaseRequest {
  if (given === undefined) {
    return {
      userId: textId('userId', userId),
      lines: DEFAULT_LINES,
      linesText: DEFAULT_LINES_TEXT,
      idempotencyKey: '',
      metadata: '',
      clientKey: '',
      purchaseToken: '',
      tokenArg: '',
    };
  }
  const options = readOptions(given, PURCHASE_SHAPE);
  const line: ReservationLine = {
    item: options.item === undefined ? DEFAULT_ITEM : itemId('item', options.item),
    quantity:
      options.quantity === undefined
        ? 1
        : integerInRange('quantity', options.quantity, 1, MAX_PER_USER_LIMIT),
  };
  return request(
    userId,
    [line],
    options.idempotencyKey,
    options.metadata,
    options.clientKey,
    options.purchaseToken,
  );
}

/** Validates a cart before it can reach Redis. @internal */
export function cartRequest(userId: unknown, given: unknown): PurchaseRequest {
  const options = readOptions(given, CART_SHAPE);
  return request(
    userId,
    cartLines(options.lines),
    options.idempotencyKey,
    options.metadata,
    options.clientKey,
    options.purchaseToken,
  );
}
