/**
 * True for an object literal (or `Object.create(null)`): not `null`, not an array,
 * not a class instance such as a `Date`, a `Map` or a client passed by mistake
 * where options were expected.
 * @internal
 */
export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
  } catch {
    return false; // a revoked Proxy (or one whose trap throws) is no options object
  }
}
