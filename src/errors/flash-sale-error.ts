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

/** Names of every error class of this package, for guards that work across package copies. */
const OUR_NAMES = new Set<string>(['FlashSaleError']);

/**
 * True when `error` is a {@link FlashSaleError} (of any subclass).
 *
 * Matches by name as well as `instanceof`, so errors from a second copy of the
 * package (the ESM and CJS builds loaded side by side) are recognised too.
 */
export function isFlashSaleError(error: unknown): error is FlashSaleError {
  return error instanceof FlashSaleError || (error instanceof Error && OUR_NAMES.has(error.name));
}

/**
 * Builds the `is…` guard of one error class; like {@link isFlashSaleError} it also
 * recognises instances from another copy of the package.
 * @internal
 */
export function errorGuard<T extends FlashSaleError>(
  ctor: abstract new (...args: never[]) => T,
  name: string,
): (error: unknown) => error is T {
  OUR_NAMES.add(name);
  return (error: unknown): error is T =>
    error instanceof ctor || (error instanceof Error && error.name === name);
}
