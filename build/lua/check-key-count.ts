/**
 * A script's name promises its key count (`purchase-6.lua` takes six keys), and
 * ioredis sends exactly that many arguments as keys. Checks the assembled code
 * agrees: the literal `KEYS[i]` it uses are exactly `KEYS[1]` … `KEYS[n]`. A script
 * that also indexes `KEYS` with a variable (a loop over the keys) only has to keep
 * its literal indices within `n`.
 */
import type { LuaToken } from './lua-tokens.js';

/** A script uses other keys than its name declares. */
export class LuaKeyCountError extends Error {
  override readonly name = 'LuaKeyCountError';
}

/** What the code of a script does with `KEYS`. */
export interface KeyUse {
  /** The literal indices, ascending, each once. */
  readonly literal: readonly number[];
  /** Whether `KEYS` is also used other than as `KEYS[<integer>]`. */
  readonly dynamic: boolean;
}

// `KEYS` not part of a longer name or a field (`t.KEYS`), with its literal index if any.
const KEYS_USE = /(?<![\w.:])KEYS(?!\w)(\s*\[\s*(\d+)\s*\])?/g;

/** Finds the uses of `KEYS` in the code of `tokens` (never in strings or comments). */
export function findKeyUse(tokens: readonly LuaToken[]): KeyUse {
  const literal = new Set<number>();
  let dynamic = false;
  for (const token of tokens) {
    if (token.kind !== 'code') continue;
    for (const match of token.text.matchAll(KEYS_USE)) {
      if (match[2] === undefined) dynamic = true;
      else literal.add(Number(match[2]));
    }
  }
  return { literal: [...literal].sort((a, b) => a - b), dynamic };
}

/** Throws unless the assembled `tokens` of `script` use exactly `numberOfKeys` keys. */
export function checkKeyCount(
  script: string,
  numberOfKeys: number,
  tokens: readonly LuaToken[],
): void {
  const use = findKeyUse(tokens);
  const beyond = use.literal.filter((index) => index < 1 || index > numberOfKeys);
  const unused = use.dynamic
    ? []
    : Array.from({ length: numberOfKeys }, (_, i) => i + 1).filter(
        (index) => !use.literal.includes(index),
      );
  const problems = [
    ...beyond.map((index) => `uses KEYS[${String(index)}]`),
    ...(unused.length > 0
      ? [`never uses ${unused.map((i) => `KEYS[${String(i)}]`).join(', ')}`]
      : []),
  ];
  if (problems.length > 0) {
    throw new LuaKeyCountError(
      `${script}: its name declares ${String(numberOfKeys)} keys, but it ${problems.join(' and ')}`,
    );
  }
}
