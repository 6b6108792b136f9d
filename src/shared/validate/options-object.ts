import { isFlashSaleError } from '../errors/flash-sale-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { isPlainObject } from '../options/plain-object.js';

/** What {@link readOptions} needs to know about one options type. @internal */
export interface OptionsShape<K extends string> {
  /** Who takes the options, for messages, e.g. `'tryPurchase'`. */
  readonly owner: string;
  /** The options it knows; any other key is refused, named. */
  readonly keys: readonly K[];
  /** Whether the whole argument may be left out. */
  readonly optional: boolean;
  /**
   * The name a non-object is refused under: `'options'` for a call's options
   * argument, the option's own name for a nested one (`'rateLimit.perUser'`).
   */
  readonly argument?: string;
}

/**
 * Reads an options argument once, into a plain copy of its known keys, before any
 * field is used. Untyped callers may pass anything, so this refuses, each with an
 * InvalidArgumentError naming the value: a non-object (`null`, a string, an array,
 * a class instance), a revoked Proxy, an unknown key (a typo is never silently
 * ignored), and an object whose getter or Proxy trap throws. `null` in a field is
 * kept as `null` for the field's own check to refuse: it is never "the default".
 * `undefined` counts as absent.
 * @internal
 */
export function readOptions<K extends string>(
  given: unknown,
  shape: OptionsShape<K>,
): Readonly<Partial<Record<K, unknown>>> {
  const copy: Partial<Record<K, unknown>> = {};
  if (shape.optional && given === undefined) return copy;
  let plain: boolean;
  try {
    plain = isPlainObject(given);
  } catch {
    plain = false; // a revoked Proxy throws on every inspection
  }
  if (!plain) {
    const expected = `an options object of ${shape.owner}${shape.optional ? ' or undefined' : ''}`;
    throw new InvalidArgumentError(shape.argument ?? 'options', given, expected);
  }
  const source = given as Readonly<Record<string, unknown>>;
  let key = 'options';
  try {
    for (key of Object.keys(source)) {
      if (!(shape.keys as readonly string[]).includes(key)) {
        throw new InvalidArgumentError(
          key,
          source[key],
          `left out: ${shape.owner} has no option ${JSON.stringify(key)}; its options are ${shape.keys.join(', ')}`,
        );
      }
      copy[key as K] = source[key];
    }
  } catch (error) {
    if (isFlashSaleError(error)) throw error; // ours, already typed
    throw new InvalidArgumentError(key, '<unreadable>', 'a readable value (reading it threw)', {
      cause: error,
    });
  }
  return copy;
}
