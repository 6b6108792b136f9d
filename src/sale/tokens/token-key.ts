import { createSecretKey, type KeyObject } from 'node:crypto';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

/**
 * The fewest bytes a {@link FlashSaleOptions.purchaseTokenKey} may have: an
 * HMAC-SHA256 key shorter than its 32-byte output weakens it.
 * @internal
 */
export const MIN_TOKEN_KEY_BYTES = 32;

/** The caller's secret as a key object, checked once when the FlashSale is made. @internal */
export function tokenKey(value: unknown): KeyObject {
  const bytes =
    typeof value === 'string'
      ? Buffer.from(value, 'utf8')
      : value instanceof Uint8Array
        ? Buffer.from(value)
        : undefined;
  if (bytes === undefined || bytes.length < MIN_TOKEN_KEY_BYTES) {
    // the secret itself is never quoted in an error message
    throw new InvalidArgumentError(
      'purchaseTokenKey',
      bytes === undefined ? value : `<${String(bytes.length)} bytes>`,
      `a string or Uint8Array of at least ${String(MIN_TOKEN_KEY_BYTES)} bytes`,
    );
  }
  return createSecretKey(bytes);
}
