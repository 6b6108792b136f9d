import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

const ITEM_ID = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The item of a sale preloaded with the one-item shorthand (`{ stock }`), and the
 * item a purchase without `item` asks for.
 * @group Options
 * @category Sale
 */
export const DEFAULT_ITEM = 'default';

/**
 * An item id is stored inside the sale's records and ledgers, so it is restricted
 * to letters, digits, `_`, `.` and `-` (1–64 characters), like a sale id.
 * @internal
 */
export function itemId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || !ITEM_ID.test(value)) {
    throw new InvalidArgumentError(
      argument,
      value,
      'an item id: 1-64 characters from A-Z a-z 0-9 _ . -',
    );
  }
  return value;
}
