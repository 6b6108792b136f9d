import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { integerInRange } from '../../validate/integer-in-range.js';

/** The largest delay `setTimeout` honours; longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Checks an integer number of milliseconds in `[min, MAX_TIMER_MS]`. */
export function checkMs(argument: string, value: unknown, min: number): number {
  return integerInRange(argument, value, min, MAX_TIMER_MS);
}

/** Checks a lock name: a non-empty string. */
export function checkKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError('key', value, 'a non-empty string');
  }
  return value;
}

/** Checks an optional AbortSignal. */
export function checkSignal(value: unknown): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new InvalidArgumentError('signal', value, 'an AbortSignal or undefined');
}
