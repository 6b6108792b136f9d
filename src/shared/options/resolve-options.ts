import { isFlashSaleError } from '../errors/flash-sale-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { fieldsOf, type OptionsSpec, type Resolved } from './define-options.js';
import { isPlainObject } from './plain-object.js';
import { unknownOptionExpectation } from './unknown-option.js';

/**
 * The one way options get in: checks that `given` is a plain object (or absent,
 * when no option is required), refuses keys the spec does not know (naming them),
 * checks every given value (`null` included: it is never "the default"), applies
 * the defaults, runs the spec's `finish` and returns a frozen object. `undefined`
 * values count as absent, as `exactOptionalPropertyTypes` callers may not write them.
 *
 * @throws `InvalidArgumentError` naming the first bad option and quoting its value
 * @internal
 */
export function resolveOptions<S>(spec: OptionsSpec<S>, given: unknown): Resolved<S>;
/** @internal */
export function resolveOptions<S, C>(
  spec: OptionsSpec<S, C>,
  given: unknown,
  context: C,
): Resolved<S>;
export function resolveOptions<S, C>(
  spec: OptionsSpec<S, C>,
  given: unknown,
  context?: C,
): Resolved<S> {
  const fields = fieldsOf(spec);
  const options = given === undefined && spec.argumentOptional ? {} : given;
  if (!isPlainObject(options)) {
    const expectation = spec.argumentOptional
      ? `an options object of ${spec.owner} (a plain object) or undefined`
      : `an options object of ${spec.owner} (a plain object)`;
    throw new InvalidArgumentError('options', given, expectation);
  }
  let reading = 'options';
  const resolved: Record<string, unknown> = {};
  try {
    for (const key of Object.keys(options)) {
      reading = key;
      if (!Object.hasOwn(fields, key)) {
        throw new InvalidArgumentError(key, options[key], unknownOptionExpectation(spec, key));
      }
    }
    for (const [key, field] of Object.entries(fields)) {
      reading = key;
      const value = Object.hasOwn(options, key) ? options[key] : undefined;
      if (value !== undefined) resolved[key] = field.check(key, value);
      else if (field.presence === 'required') {
        throw new InvalidArgumentError(key, value, `given (${spec.owner} requires it)`);
      } else resolved[key] = field.defaultValue;
    }
  } catch (error) {
    if (isFlashSaleError(error)) throw error; // ours, already typed
    // a getter or Proxy trap of the caller's threw: refuse it, naming what was read
    throw new InvalidArgumentError(reading, '<unreadable>', 'a readable value (reading it threw)', {
      cause: error,
    });
  }
  if (spec.finish !== undefined) {
    const completion: unknown = spec.finish(resolved as never, context as C);
    for (const [key, value] of Object.entries(completion ?? {})) {
      const field = fields[key];
      resolved[key] = field === undefined ? value : field.check(key, value);
    }
  }
  return Object.freeze(resolved) as Resolved<S>;
}
