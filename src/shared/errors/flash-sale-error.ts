/**
 * Base class of every error this library throws.
 *
 * Expected outcomes of a sale (sold out, limit reached, …) are never errors: they
 * are result objects. Errors mean misuse, bad input or failing infrastructure.
 *
 * @example
 * ```ts
 * try {
 *   await sale.confirm(id);
 * } catch (error) {
 *   if (isFlashSaleError(error)) console.error(error.code, error.message);
 *   else throw error;
 * }
 * ```
 *
 * @see {@link isFlashSaleError} to recognise any of them
 * @group Errors
 * @category Any operation
 */
export class FlashSaleError extends Error {
  /** The class name; subclasses narrow it to their own literal. */
  override name = 'FlashSaleError';
  /** A stable machine-readable code, e.g. `'INVALID_ARGUMENT'`. */
  readonly code: string;

  /**
   * @param code - stable machine-readable code
   * @param message - what went wrong, quoting the offending value
   * @param options - standard `ErrorOptions`, e.g. `{ cause }`
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/**
 * The brand every error of this package carries, under a key from the global
 * symbol registry: the ESM and CJS builds (and two versions of the package) each
 * have their own classes, so `instanceof` fails across them, but `Symbol.for`
 * gives all of them the same key. Another library's error of the same name has no
 * brand. Non-enumerable and on the prototype: it never shows in logs or JSON.
 */
const BRAND = Symbol.for('flash-sale.error');
Object.defineProperty(FlashSaleError.prototype, BRAND, { value: true });

/** True when `error` carries this package's brand (from any copy of the package). */
function isBranded(error: unknown): error is FlashSaleError {
  return error instanceof Error && Reflect.get(error, BRAND) === true;
}

/**
 * True when `error` is a {@link FlashSaleError} (of any subclass), from this copy
 * of the package or another one (the ESM and CJS builds loaded side by side): it
 * checks the package's brand, so another library's error with the same name is
 * not mistaken for one.
 * @group Errors
 * @category Any operation
 */
export function isFlashSaleError(error: unknown): error is FlashSaleError {
  return isBranded(error);
}

/**
 * Builds the `is…` guard of one error class: the package's brand plus the class
 * name, so like {@link isFlashSaleError} it recognises instances from another
 * copy of the package and nothing else.
 * @internal
 */
export function errorGuard<T extends FlashSaleError>(
  _ctor: abstract new (...args: never[]) => T,
  name: T['name'],
): (error: unknown) => error is T {
  return (error: unknown): error is T => isBranded(error) && error.name === name;
}
