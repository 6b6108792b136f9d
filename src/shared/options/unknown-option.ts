import { fieldsOf } from './define-options.js';

/**
 * The message part for a key an options type does not have: the known keys, and
 * the one it was probably meant to be (`ttlMS` → `ttlMs`).
 * @internal
 */
export function unknownOptionExpectation(
  spec: { readonly owner: string; readonly fields: unknown },
  key: string,
): string {
  const known = Object.keys(fieldsOf(spec));
  const guess = known.find((name) => name.toLowerCase() === key.toLowerCase());
  const hint = guess === undefined ? '' : ` (did you mean ${guess}?)`;
  return `left out: ${spec.owner} has no option ${JSON.stringify(key)}${hint}; its options are ${known.join(', ')}`;
}
