import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';

/** The largest delay `setTimeout` honours; longer ones fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/** Checks an integer number of milliseconds in `[min, MAX_TIMER_MS]`. */
export function checkMs(argument: string, value: unknown, min: number): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > MAX_TIMER_MS
  ) {
    throw new InvalidArgumentError(
      argument,
      value,
      `an integer number of milliseconds from ${min} to ${MAX_TIMER_MS}`,
    );
  }
  return value;
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
