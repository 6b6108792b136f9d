import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Longest user id or idempotency key, in UTF-8 bytes.
 * @group Options
 * @category Sale
 */
export const MAX_TEXT_ID_BYTES = 256;

// With the u flag a well-formed pair is one code point, so this finds only lone halves.
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Validates a caller-chosen id (user id, idempotency key). Any characters are
 * allowed, `{`, `}`, `:` and newlines included, because such ids are only ever
 * hash fields and values, never part of a key name. Lone UTF-16 surrogates are
 * refused: they would be sent as U+FFFD and two different ids could collide.
 * @internal
 */
export function textId(argument: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError(argument, value, 'a non-empty string');
  }
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidArgumentError(argument, value, 'well-formed Unicode (no lone surrogates)');
  }
  // a UTF-16 unit is at most 3 bytes in UTF-8: short ids need no count
  if (
    value.length * 3 > MAX_TEXT_ID_BYTES &&
    Buffer.byteLength(value, 'utf8') > MAX_TEXT_ID_BYTES
  ) {
    throw new InvalidArgumentError(
      argument,
      value,
      `at most ${String(MAX_TEXT_ID_BYTES)} bytes in UTF-8`,
    );
  }
  return value;
}
