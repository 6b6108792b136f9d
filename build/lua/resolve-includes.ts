/**
 * Splices `-- @include <name>` directives: `<name>` is `lib/<name>.lua` beside the
 * script. Lib files declare their own includes the same way; they resolve depth
 * first, in place, so a file's dependencies land before its own code. Each lib is
 * spliced once per script (a repeat is skipped), and a loop or a missing file fails
 * with the chain of includes that led to it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { tokenizeLua, type LuaToken } from './lua-tokens.js';

/** An include that cannot be resolved: a loop, a missing file, a malformed directive. */
export class LuaIncludeError extends Error {
  override readonly name = 'LuaIncludeError';
}

const DIRECTIVE = /^--\s*@include\b(.*)$/;
const INCLUDE_NAME = /^\s+([a-z0-9][a-z0-9_-]*)\s*$/i;

/** Reads a Lua file as text with `\n` line ends. */
export function readLua(file: string): string {
  return readFileSync(file, 'utf8').replace(/\r\n?/g, '\n');
}

/** The tokens of the script at `scriptFile` with every include spliced in. */
export function assembleScript(scriptFile: string): LuaToken[] {
  const libDir = join(dirname(scriptFile), 'lib');
  const spliced = new Set<string>();
  const label = (file: string): string => relative(dirname(scriptFile), file);

  /**
   * `chain`: where the includes that led to `file` stand, outermost first
   * (`purchase-6.lua:12`, `lib/a.lua:3`); `open`: the files being assembled.
   */
  const assemble = (
    file: string,
    chain: readonly string[],
    open: readonly string[],
  ): LuaToken[] => {
    const tokens = tokenizeLua(readLua(file), file);
    const out: LuaToken[] = [];
    tokens.forEach((token, index) => {
      const name = includeName(token, tokens[index - 1], label(file));
      if (name === undefined) {
        out.push(token);
        return;
      }
      const lib = join(libDir, `${name}.lua`);
      const here = [...chain, `${label(file)}:${String(token.line)}`];
      const path = [...here, label(lib)].join(' → ');
      if ([...open, file].includes(lib)) throw new LuaIncludeError(`include loop: ${path}`);
      if (spliced.has(lib)) return;
      if (!existsSync(lib)) {
        throw new LuaIncludeError(`missing include "${name}" (${label(lib)} not found): ${path}`);
      }
      spliced.add(lib);
      out.push(...assemble(lib, here, [...open, file]), {
        kind: 'code',
        text: '\n',
        line: token.line,
      });
    });
    return out;
  };

  return assemble(scriptFile, [], []);
}

/**
 * The lib a directive names, or `undefined` when `token` is no directive. A
 * directive is a line comment alone on its line.
 */
function includeName(
  token: LuaToken,
  previous: LuaToken | undefined,
  file: string,
): string | undefined {
  if (token.kind !== 'line-comment') return undefined;
  const directive = DIRECTIVE.exec(token.text);
  if (!directive) return undefined;
  const where = `${file}:${String(token.line)}`;
  const name = INCLUDE_NAME.exec(directive[1] ?? '')?.[1];
  if (name === undefined) {
    throw new LuaIncludeError(`${where}: malformed directive "${token.text}"`);
  }
  const before = previous?.text ?? '';
  if (previous !== undefined && (previous.kind !== 'code' || !/(^|\n)[ \t]*$/.test(before))) {
    throw new LuaIncludeError(`${where}: "${token.text}" must stand alone on its line`);
  }
  return name;
}

/** `purchase-6.lua` → `{ name: 'purchase', numberOfKeys: 6 }`, or `undefined`. */
export function parseScriptFileName(
  file: string,
): { readonly name: string; readonly numberOfKeys: number } | undefined {
  const match = /^([a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*)-(\d+)\.lua$/.exec(basename(file));
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { name: match[1], numberOfKeys: Number(match[2]) };
}
