/**
 * What ships: the assembled tokens without comments (headers included), without
 * trailing spaces and without blank lines. String literals are kept byte for byte,
 * even the newlines and blank lines of a long string.
 */
import type { LuaToken } from './lua-tokens.js';

/** Renders `tokens` without their comments. */
export function renderWithoutComments(tokens: readonly LuaToken[]): string {
  const lines: string[] = [];
  let current = '';
  for (const token of tokens) {
    switch (token.kind) {
      case 'line-comment':
        // The newline that ends it is code and follows.
        break;
      case 'block-comment':
        // A block comment separates tokens like a space does: `a--[[x]]b` is `a b`.
        current += ' ';
        break;
      case 'string':
        current += token.text;
        break;
      case 'code': {
        const [first, ...rest] = token.text.split('\n');
        current += first ?? '';
        for (const part of rest) {
          lines.push(current);
          current = part;
        }
        break;
      }
    }
  }
  lines.push(current);
  // A line ends with code or a string's closing quote, so trimming never cuts a string.
  const kept = lines.map((text) => text.trimEnd()).filter((text) => text.trim() !== '');
  return `${kept.join('\n')}\n`;
}
