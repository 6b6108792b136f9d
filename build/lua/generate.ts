/**
 * Everything `npm run generate` writes, computed in memory: the caller writes it
 * or, with `--check`, compares it with what is on disk.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { buildScript, type BuiltScript } from './build-script.js';
import { discoverLuaFolders } from './discover-scripts.js';
import { SCRIPTS_MODULE, scriptsModule, versionModule } from './emit-modules.js';

/** Where the generator reads and writes, relative to the project root. */
export const LAYOUT = {
  src: 'src',
  /** Declares `LuaScriptSource`, the type of every generated record. */
  typeModule: 'src/shared/lua/lua-script-source.ts',
  versionModule: 'src/shared/version.generated.ts',
} as const;

/** One file to write: absolute path and full text. */
export interface GeneratedFile {
  readonly path: string;
  readonly text: string;
}

/** Scripts that could not be built; the message lists every one. */
export class LuaGenerationError extends Error {
  override readonly name = 'LuaGenerationError';
}

/** Builds every script under `<root>/src` and the version module. */
export async function generateFiles(root: string): Promise<GeneratedFile[]> {
  const failures: string[] = [];
  const files: GeneratedFile[] = [];
  for (const folder of discoverLuaFolders(join(root, LAYOUT.src))) {
    const label = relative(root, folder.dir).split('\\').join('/');
    const built: BuiltScript[] = [];
    for (const script of folder.scripts) {
      try {
        built.push(buildScript(script));
      } catch (error) {
        failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const path = join(folder.dir, SCRIPTS_MODULE);
    files.push({ path, text: scriptsModule(label, path, join(root, LAYOUT.typeModule), built) });
  }
  if (failures.length > 0) throw new LuaGenerationError(failures.join('\n'));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new LuaGenerationError('package.json has no version');
  files.push({ path: join(root, LAYOUT.versionModule), text: versionModule(pkg.version) });
  return Promise.all(files.map(async (file) => ({ ...file, text: await prettify(file) })));
}

/** Generated script modules on disk that the generator no longer writes. */
export function orphanedModules(root: string, files: readonly GeneratedFile[]): string[] {
  const src = join(root, LAYOUT.src);
  const written = new Set(files.map((file) => file.path));
  return readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((path) => basename(path) === SCRIPTS_MODULE)
    .map((path) => join(src, path))
    .filter((path) => !written.has(path))
    .sort();
}

/** Whether `file` is on disk with exactly its text. */
export function isCurrent(file: GeneratedFile): boolean {
  return existsSync(file.path) && readFileSync(file.path, 'utf8') === file.text;
}

/** Writes the files that are not current; returns their paths. */
export function writeStale(files: readonly GeneratedFile[]): string[] {
  const stale = files.filter((file) => !isCurrent(file));
  for (const file of stale) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(file.path, file.text);
  }
  return stale.map((file) => file.path);
}

async function prettify(file: GeneratedFile): Promise<string> {
  const options = (await resolveConfig(file.path)) ?? {};
  return format(file.text, { ...options, filepath: file.path });
}
