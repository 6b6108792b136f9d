import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { integerInRange } from '../validate/integer-in-range.js';
import { textId } from '../validate/text-id.js';
import { OptionKind, type CheckValue } from './option-def.js';

/** An integer in `[min, max]`. @internal */
export function integer(min: number, max: number): OptionKind<number> {
  return new OptionKind((argument, value) => integerInRange(argument, value, min, max));
}

/** A finite number in `[min, maxBelow)`: the upper bound itself is refused. @internal */
export function fraction(min: number, maxBelow: number): OptionKind<number> {
  return new OptionKind((argument, value) => {
    if (typeof value !== 'number' || !(value >= min && value < maxBelow)) {
      throw new InvalidArgumentError(
        argument,
        value,
        `a number from ${String(min)} to below ${String(maxBelow)}`,
      );
    }
    return value;
  });
}

/** `true` or `false`. @internal */
export function boolean(): OptionKind<boolean> {
  return new OptionKind((argument, value) => {
    if (typeof value !== 'boolean') throw new InvalidArgumentError(argument, value, 'a boolean');
    return value;
  });
}

/** Any string, the empty one included. @internal */
export function text(): OptionKind<string> {
  return new OptionKind((argument, value) => {
    if (typeof value !== 'string') throw new InvalidArgumentError(argument, value, 'a string');
    return value;
  });
}

/** A caller-chosen id: 1–256 bytes of well-formed Unicode (see `textId`). @internal */
export function textIdKind(): OptionKind<string> {
  return new OptionKind(textId);
}

/** One of a fixed set of strings. @internal */
export function oneOf<const V extends string>(...values: readonly V[]): OptionKind<V> {
  const quoted = values.map((value) => `'${value}'`).join(', ');
  return new OptionKind((argument, value) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new InvalidArgumentError(argument, value, `one of ${quoted}`);
    }
    return value as V;
  });
}

/**
 * A function. Its parameters cannot be checked at run time, so the type is the
 * caller's to state: `callback<(error: unknown) => void>()`.
 * @internal
 */
export function callback<F extends (...args: never[]) => unknown>(): OptionKind<F> {
  return new OptionKind((argument, value) => {
    if (typeof value !== 'function') throw new InvalidArgumentError(argument, value, 'a function');
    return value as F;
  });
}

/** An instance of `type` (e.g. `AbortSignal`), by `instanceof`. @internal */
export function instanceOf<T>(
  type: abstract new (...args: never[]) => T,
  expectation: string,
): OptionKind<T> {
  return new OptionKind((argument, value) => {
    if (!(value instanceof type)) throw new InvalidArgumentError(argument, value, expectation);
    return value;
  });
}

/**
 * Anything a check of its own accepts: an object with the right methods, an array
 * of such, … The check throws `InvalidArgumentError` naming `argument`.
 * @internal
 */
export function checked<T>(check: CheckValue<T>): OptionKind<T> {
  return new OptionKind(check);
}
