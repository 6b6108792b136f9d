import { errorGuard, FlashSaleError } from './flash-sale-error.js';

/**
 * An argument or option was out of range or of the wrong type. Thrown before
 * anything reaches Redis, so nothing changed.
 *
 * @example
 * ```ts
 * await sale.tryPurchase('', { quantity: 0 }); // throws InvalidArgumentError: userId …
 * ```
 *
 * @see {@link isInvalidArgumentError} to recognise it
 * @group Errors
 * @category Any operation
 */
export class InvalidArgumentError extends FlashSaleError {
  override readonly name = 'InvalidArgumentError' as const;
  /** Which argument or option was bad, e.g. `'quantity'`. */
  readonly argument: string;
  /** The value that was passed. */
  readonly value: unknown;

  /**
   * @param argument - the argument or option name
   * @param value - the rejected value
   * @param expectation - what was expected, e.g. `'an integer from 1 to 1000'`
   * @param options - `cause`: what went wrong reading the value, when it could not be read
   */
  constructor(argument: string, value: unknown, expectation: string, options?: ErrorOptions) {
    super(
      'INVALID_ARGUMENT',
      `${argument} must be ${expectation}; got ${describeValue(value)}`,
      options,
    );
    this.argument = argument;
    this.value = value;
  }
}

/**
 * True when `error` is an {@link InvalidArgumentError}.
 * @function
 * @group Errors
 * @category Any operation
 */
export const isInvalidArgumentError = errorGuard(InvalidArgumentError, 'InvalidArgumentError');

const MAX_QUOTED = 80;

/** Quotes a value for an error message, shortened so a huge input cannot flood logs. */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    const json = JSON.stringify(value);
    return json.length > MAX_QUOTED
      ? `${json.slice(0, MAX_QUOTED)}… (${String(value.length)} chars)`
      : json;
  }
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return `${String(value)} (${typeof value})`;
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  try {
    if (Array.isArray(value)) return 'an array';
  } catch {
    return 'a revoked Proxy'; // it throws on every inspection
  }
  return typeof value === 'object' ? 'an object' : typeof value;
}
