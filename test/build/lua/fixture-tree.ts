/** Lua fixture trees in a temp dir, removed after each test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { buildScript, type BuiltScript } from '../../../build/lua/build-script.js';
import { parseScriptFileName } from '../../../build/lua/resolve-includes.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (relative path → text) under a new temp dir and returns the dir. */
export function writeTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'flash-sale-lua-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/**
 * Builds the script `script` (a path in `files`, e.g. `lua/s-1.lua`) of a fixture
 * tree whose libs are given relative to `lua/lib/`.
 */
export function build(script: string, files: Readonly<Record<string, string>>): BuiltScript {
  const root = writeTree(files);
  const file = join(root, script);
  const parsed = parseScriptFileName(file);
  if (parsed === undefined) throw new Error(`fixture script ${script} is misnamed`);
  return buildScript({ file, ...parsed });
}
