/**
 * Build-time assembly of the bundled Lua scripts.
 *
 * Redis runs each script as one self-contained text, so shared helpers under
 * `src/scripts/lib/` are spliced in where a script says `-- @include <name>`.
 * tsup (for the package) and vitest (for the tests) both call this one function,
 * so the text that is tested is byte for byte the text that ships; nothing reads
 * a `.lua` file at run time.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const INCLUDE = /^--\s*@include\s+([a-z0-9-]+)\s*$/gm;

/** Returns the full text of the script at `file`, with its includes inlined. */
export function assembleLua(file: string): string {
  const text = readFileSync(file, 'utf8');
  const libDir = join(dirname(file), 'lib');
  return text.replace(INCLUDE, (_line, name: string) =>
    readFileSync(join(libDir, `${name}.lua`), 'utf8').trimEnd(),
  );
}
