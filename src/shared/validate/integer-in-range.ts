import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * Returns `value` when it is an integer in [min, max]; otherwise throws an
 * {@link InvalidArgumentError} naming `argument` and quoting the value.
 * @internal
 */
export function integerInRange(argument: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      argument,
      value,
      `an integer from ${String(min)} to ${String(max)}`,
    );
  }
  return value;
}
