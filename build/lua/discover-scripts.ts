/**
 * Finds the bundled scripts: `src/**\/lua/<name>-<numKeys>.lua`. Files in a `lib/`
 * folder beside them are includes. Any other `.lua` file under `src` is an error,
 * so a misnamed script fails the generation instead of silently not shipping.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { parseScriptFileName } from './resolve-includes.js';

/** One script file. */
export interface ScriptFile {
  /** Absolute path. */
  readonly file: string;
  /** File name without the key count: `'fence-next'` for `fence-next-2.lua`. */
  readonly name: string;
  readonly numberOfKeys: number;
}

/** A `lua/` folder and its scripts, sorted by file name. */
export interface LuaFolder {
  readonly dir: string;
  readonly scripts: readonly ScriptFile[];
}

/** A `.lua` file the generator does not know what to do with. */
export class LuaLayoutError extends Error {
  override readonly name = 'LuaLayoutError';
}

/** Every `lua/` folder under `srcDir` that holds scripts, sorted by path. */
export function discoverLuaFolders(srcDir: string): LuaFolder[] {
  const folders = new Map<string, ScriptFile[]>();
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.lua'))
    .map((path) => join(srcDir, path))
    .sort();
  for (const file of files) {
    const dir = dirname(file);
    const where = relative(dirname(srcDir), file);
    if (basename(dir) === 'lib' && basename(dirname(dir)) === 'lua') continue;
    if (basename(dir) !== 'lua') {
      throw new LuaLayoutError(`${where}: Lua files belong in a lua/ folder or its lib/`);
    }
    const parsed = parseScriptFileName(file);
    if (parsed === undefined) {
      throw new LuaLayoutError(`${where}: a script is named <name>-<numKeys>.lua`);
    }
    const scripts = folders.get(dir) ?? [];
    const twin = scripts.find((script) => camelCase(script.name) === camelCase(parsed.name));
    if (twin) {
      throw new LuaLayoutError(`${where}: another script is named ${basename(twin.file)}`);
    }
    scripts.push({ file, ...parsed });
    folders.set(dir, scripts);
  }
  return [...folders].map(([dir, scripts]) => ({ dir, scripts }));
}

/** `fence-next` → `fenceNext`: the script's key in the generated record. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_dash, char: string) => char.toUpperCase());
}
