import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/**
 * A plain copy of an array argument, read once: anything else, and an array that
 * cannot be read (a revoked Proxy, a trap or getter that throws), is refused with
 * an InvalidArgumentError naming `argument`, never a bare TypeError.
 * @internal
 */
export function readArray(argument: string, value: unknown, expectation: string): unknown[] {
  try {
    if (Array.isArray(value)) return Array.from(value as unknown[]);
  } catch (error) {
    throw new InvalidArgumentError(argument, value, expectation, { cause: error });
  }
  throw new InvalidArgumentError(argument, value, expectation);
}
