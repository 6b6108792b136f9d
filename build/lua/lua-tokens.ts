/**
 * Splits Lua source into code, string literals and comments: enough of a lexer to
 * strip comments and find `-- @include` directives without ever touching a `--`
 * that sits inside a string.
 */

/** What a stretch of Lua source is. */
export type LuaTokenKind = 'code' | 'string' | 'line-comment' | 'block-comment';

/** One stretch of source; concatenating every token's text gives back the file. */
export interface LuaToken {
  readonly kind: LuaTokenKind;
  readonly text: string;
  /** 1-based line where the token starts. */
  readonly line: number;
}

/** The source could not be split: an unterminated string or comment. */
export class LuaSyntaxError extends Error {
  override readonly name = 'LuaSyntaxError';
}

/** Matches the opening of a long bracket, `[[` or `[==[`, capturing the `=` run. */
const LONG_BRACKET = /\[(=*)\[/y;

/** Splits `text` (the contents of `file`, for messages) into tokens. */
export function tokenizeLua(text: string, file: string): LuaToken[] {
  const tokens: LuaToken[] = [];
  let line = 1;
  let codeStart = 0;
  let codeLine = 1;
  let at = 0;

  const push = (kind: LuaTokenKind, start: number, end: number, startLine: number): void => {
    if (end > start) tokens.push({ kind, text: text.slice(start, end), line: startLine });
  };
  const fail = (what: string, startLine: number): never => {
    throw new LuaSyntaxError(`${file}:${String(startLine)}: unterminated ${what}`);
  };
  /** Index just past the long bracket closing `]=*]` with `level` equals signs, from `from`. */
  const closeLongBracket = (
    from: number,
    level: number,
    what: string,
    startLine: number,
  ): number => {
    const close = `]${'='.repeat(level)}]`;
    const end = text.indexOf(close, from);
    if (end < 0) fail(what, startLine);
    return end + close.length;
  };
  const countLines = (start: number, end: number): void => {
    for (let i = start; i < end; i++) if (text[i] === '\n') line++;
  };

  while (at < text.length) {
    const char = text[at];
    let kind: LuaTokenKind | undefined;
    let end = at;
    if (char === '-' && text[at + 1] === '-') {
      LONG_BRACKET.lastIndex = at + 2;
      const long = LONG_BRACKET.exec(text);
      if (long) {
        kind = 'block-comment';
        end = closeLongBracket(LONG_BRACKET.lastIndex, long[1]?.length ?? 0, 'comment', line);
      } else {
        kind = 'line-comment';
        const newline = text.indexOf('\n', at);
        end = newline < 0 ? text.length : newline;
      }
    } else if (char === '[') {
      LONG_BRACKET.lastIndex = at;
      const long = LONG_BRACKET.exec(text);
      if (long) {
        kind = 'string';
        end = closeLongBracket(LONG_BRACKET.lastIndex, long[1]?.length ?? 0, 'string', line);
      }
    } else if (char === "'" || char === '"') {
      kind = 'string';
      end = closeShortString(text, at, () => fail('string', line));
    }
    if (kind === undefined) {
      if (char === '\n') line++;
      at++;
      continue;
    }
    push('code', codeStart, at, codeLine);
    push(kind, at, end, line);
    countLines(at, end);
    at = end;
    codeStart = end;
    codeLine = line;
  }
  push('code', codeStart, text.length, codeLine);
  return tokens;
}

/** Index just past the quote closing the short string that opens at `start`. */
function closeShortString(text: string, start: number, unterminated: () => never): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === quote) return i + 1;
    if (char === '\n') return unterminated();
    // A backslash escapes the next character, an escaped newline included.
    if (char === '\\') i++;
  }
  return unterminated();
}
