import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Checks that an options argument really is an object before its fields are read:
 * untyped callers may pass anything, and `null` or a string would otherwise fail
 * later with a bare TypeError instead of a typed error naming the value.
 * @internal
 */
export function checkOptionsObject(value: unknown, { optional }: { optional: boolean }): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      'options',
      value,
      optional ? 'an options object or undefined' : 'an options object',
    );
  }
}
