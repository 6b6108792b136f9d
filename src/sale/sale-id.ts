import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';

const SALE_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY_PREFIX = /^[^{}\s]{0,64}$/;

/**
 * A sale id becomes part of key names and reservation ids, so it is restricted to
 * letters, digits, `_`, `.` and `-` (1–64 characters).
 * @internal
 */
export function saleId(value: unknown, argument = 'saleId'): string {
  if (typeof value !== 'string' || !SALE_ID.test(value)) {
    throw new InvalidArgumentError(argument, value, '1-64 characters from A-Z a-z 0-9 _ . -');
  }
  return value;
}

/**
 * A key prefix may not contain `{` or `}` (the sale's hash tag must be the first
 * braces in every key) nor whitespace, and is at most 64 characters.
 * @internal
 */
export function keyPrefix(value: unknown, argument = 'keyPrefix'): string {
  if (typeof value !== 'string' || !KEY_PREFIX.test(value)) {
    throw new InvalidArgumentError(
      argument,
      value,
      'at most 64 characters without { } or whitespace',
    );
  }
  return value;
}
