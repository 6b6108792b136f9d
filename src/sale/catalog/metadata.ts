import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { isPlainObject } from '../../shared/options/plain-object.js';

/**
 * A small caller value stored with a reservation and carried into its order
 * events, so a sink can write a complete order line: a price, a variant, a
 * channel. A flat object of at most {@link MAX_METADATA_KEYS} keys whose values
 * are strings, finite numbers, booleans or `null`, at most
 * {@link MAX_METADATA_BYTES} bytes as JSON.
 * @group Options
 * @category Sale
 */
export type ReservationMetadata = Readonly<Record<string, string | number | boolean | null>>;

/**
 * Most bytes a reservation's metadata takes as JSON.
 * @group Options
 * @category Sale
 */
export const MAX_METADATA_BYTES = 1024;
/**
 * Most keys in a reservation's metadata.
 * @group Options
 * @category Sale
 */
export const MAX_METADATA_KEYS = 32;

function isScalar(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * Validates metadata and encodes it as JSON (`''` for none). JSON.stringify
 * escapes lone surrogates, so any string survives the round trip through Redis.
 * @internal
 */
export function encodeMetadata(value: unknown): string {
  if (value === undefined) return '';
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError('metadata', value, 'a plain object');
  }
  let entries: [string, unknown][];
  try {
    entries = Object.entries(value);
  } catch (error) {
    throw new InvalidArgumentError('metadata', value, 'a readable plain object', { cause: error });
  }
  if (entries.length > MAX_METADATA_KEYS) {
    throw new InvalidArgumentError('metadata', value, `at most ${String(MAX_METADATA_KEYS)} keys`);
  }
  for (const [key, entry] of entries) {
    if (!isScalar(entry)) {
      throw new InvalidArgumentError(
        `metadata.${key}`,
        entry,
        'a string, a finite number, a boolean or null',
      );
    }
  }
  const json = JSON.stringify(Object.fromEntries(entries));
  if (Buffer.byteLength(json, 'utf8') > MAX_METADATA_BYTES) {
    throw new InvalidArgumentError(
      'metadata',
      value,
      `at most ${String(MAX_METADATA_BYTES)} bytes as JSON`,
    );
  }
  return json === '{}' ? '' : json;
}

/** Decodes stored metadata; `null` for none (or anything not an object). @internal */
export function decodeMetadata(text: string): ReservationMetadata | null {
  if (text === '') return null;
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? (value as ReservationMetadata) : null;
  } catch {
    return null;
  }
}
