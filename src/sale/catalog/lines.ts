import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { readArray } from '../../shared/validate/read-array.js';
import { isPlainObject } from '../../shared/options/plain-object.js';
import { MAX_PER_USER_LIMIT } from './catalog-bounds.js';
import { itemId } from './item-id.js';

/**
 * One line of a reservation: units of one item.
 * @group Results
 * @category Sale
 */
export interface ReservationLine {
  /** The item (an id from the sale's catalog). */
  readonly item: string;
  /** Units of it, at least 1. */
  readonly quantity: number;
}

/**
 * Most lines in one cart.
 * @group Options
 * @category Sale
 */
export const MAX_CART_LINES = 50;

/**
 * A cart's lines, validated: 1 to {@link MAX_CART_LINES} lines, each naming a
 * distinct item. @internal
 */
export function cartLines(value: unknown): ReservationLine[] {
  const given = readArray('lines', value, `an array of 1-${String(MAX_CART_LINES)} lines`);
  if (given.length === 0 || given.length > MAX_CART_LINES) {
    throw new InvalidArgumentError('lines', value, `1-${String(MAX_CART_LINES)} lines`);
  }
  const seen = new Set<string>();
  return given.map((line, index) => {
    const name = `lines[${String(index)}]`;
    if (!isPlainObject(line)) {
      throw new InvalidArgumentError(name, line, 'an object { item, quantity }');
    }
    let given: { item: unknown; quantity: unknown };
    try {
      given = { item: line['item'], quantity: line['quantity'] };
    } catch (error) {
      throw new InvalidArgumentError(name, line, 'a readable object { item, quantity }', {
        cause: error,
      });
    }
    const item = itemId(`${name}.item`, given.item);
    if (seen.has(item)) {
      throw new InvalidArgumentError(`${name}.item`, item, 'an item not already in the cart');
    }
    seen.add(item);
    const quantity =
      given.quantity === undefined
        ? 1
        : integerInRange(`${name}.quantity`, given.quantity, 1, MAX_PER_USER_LIMIT);
    return { item, quantity };
  });
}

/** Lines as the scripts store them: `<item>:<qty>,…`. @internal */
export function encodeLines(lines: readonly ReservationLine[]): string {
  const [only] = lines;
  if (lines.length === 1 && only !== undefined) return `${only.item}:${String(only.quantity)}`;
  return lines.map((line) => `${line.item}:${String(line.quantity)}`).join(',');
}

const LINE = /^([A-Za-z0-9_.-]{1,64}):(\d+)$/;

// Most reservations of a sale carry one of a few line texts ("default:1"): each
// is parsed once and its frozen list shared. Bounded: emptied when full.
const DECODED_LINES_CAPACITY = 1024;
const decodedLines = new Map<string, readonly ReservationLine[]>();

/** Stored lines back as a frozen list; `null` when the text is malformed. @internal */
export function decodeLines(text: string): readonly ReservationLine[] | null {
  const known = decodedLines.get(text);
  if (known !== undefined) return known;
  const lines: ReservationLine[] = [];
  for (const part of text.split(',')) {
    const match = LINE.exec(part);
    if (match?.[1] === undefined) return null;
    lines.push(Object.freeze({ item: match[1], quantity: Number(match[2]) }));
  }
  if (decodedLines.size >= DECODED_LINES_CAPACITY) decodedLines.clear();
  const frozen = Object.freeze(lines);
  decodedLines.set(text, frozen);
  return frozen;
}
