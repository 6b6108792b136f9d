import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

/** Checks a lock name: a non-empty string. @internal */
export function checkKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidArgumentError('key', value, 'a non-empty string');
  }
  return value;
}
