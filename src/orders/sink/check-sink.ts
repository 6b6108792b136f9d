import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import type { OrderSink } from './order-sink.js';

/** Returns `value` when it looks like an {@link OrderSink}; throws naming it otherwise. @internal */
export function checkSink(value: unknown, argument = 'sink'): OrderSink {
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof Reflect.get(value, 'write') !== 'function'
  ) {
    throw new InvalidArgumentError(argument, value, 'an OrderSink (an object with a write method)');
  }
  return value as OrderSink;
}
