/** The whole generation on a fixture tree: discovery, modules, layout errors. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  generateFiles,
  isCurrent,
  LuaGenerationError,
  orphanedModules,
  writeStale,
} from '../../../build/lua/generate.js';
import { writeTree } from './fixture-tree.js';

const PACKAGE = JSON.stringify({ name: 'fixture', version: '1.2.3-beta.1' });
// The generated modules are formatted with the project's prettier config.
const PRETTIER = JSON.stringify({ singleQuote: true, printWidth: 100 });

describe('generateFiles', () => {
  it('writes one module per lua folder and the version module', async () => {
    const root = writeTree({
      'package.json': PACKAGE,
      '.prettierrc': PRETTIER,
      'src/alpha/lua/get-one-1.lua': '-- header\n-- @include k\nreturn redis.call("GET", K)\n',
      'src/alpha/lua/lib/k.lua': 'local K = KEYS[1]\n',
      'src/beta/deep/lua/ping-0.lua': "return 'pong'\n",
    });
    const files = await generateFiles(root);
    expect(files.map((file) => file.path.slice(root.length))).toEqual([
      '/src/alpha/lua/scripts.generated.ts',
      '/src/beta/deep/lua/scripts.generated.ts',
      '/src/shared/version.generated.ts',
    ]);
    const [alpha, beta, version] = files.map((file) => file.text);
    expect(alpha).toContain("from '../../shared/lua/lua-script-source.js'");
    expect(alpha).toContain("getOne: {\n    name: 'get-one',\n    numberOfKeys: 1,");
    expect(alpha).toContain('source: `local K = KEYS[1]\nreturn redis.call("GET", K)\n`');
    expect(beta).toContain("from '../../../shared/lua/lua-script-source.js'");
    expect(version).toContain("PACKAGE_VERSION = '1.2.3-beta.1'");

    expect(files.some(isCurrent)).toBe(false);
    expect(writeStale(files)).toEqual(files.map((file) => file.path));
    expect(files.every(isCurrent)).toBe(true);
    expect(writeStale(files)).toEqual([]);
    expect(orphanedModules(root, files)).toEqual([]);
  });

  it('escapes what a template literal would interpret', async () => {
    const root = writeTree({
      'package.json': PACKAGE,
      '.prettierrc': PRETTIER,
      'src/a/lua/t-0.lua': "return '\\\\ ` ${x}'\n",
    });
    const [module] = await generateFiles(root);
    expect(module?.text).toContain("source: `return '\\\\\\\\ \\` \\${x}'\n`");
  });

  it('reports a generated module left in a folder without scripts', async () => {
    const root = writeTree({
      'package.json': PACKAGE,
      '.prettierrc': PRETTIER,
      'src/a/lua/t-0.lua': 'return 1\n',
      'src/gone/lua/scripts.generated.ts': 'export {};\n',
    });
    const files = await generateFiles(root);
    expect(orphanedModules(root, files)).toEqual([join(root, 'src/gone/lua/scripts.generated.ts')]);
  });

  it('lists every script that fails, with its folder', async () => {
    const root = writeTree({
      'package.json': PACKAGE,
      '.prettierrc': PRETTIER,
      'src/a/lua/one-1.lua': 'return 1\n',
      'src/a/lua/two-0.lua': '-- @include none\nreturn 2\n',
    });
    const failure = generateFiles(root);
    await expect(failure).rejects.toThrow(LuaGenerationError);
    await expect(failure).rejects.toThrow(
      'src/a/lua: one-1.lua: its name declares 1 keys, but it never uses KEYS[1]\n' +
        'src/a/lua: missing include "none"',
    );
  });

  it.each([
    [
      'src/a/lua/no-count.lua',
      /src\/a\/lua\/no-count\.lua: a script is named <name>-<numKeys>\.lua/,
    ],
    ['src/a/scripts/x-1.lua', /src\/a\/scripts\/x-1\.lua: Lua files belong in a lua\/ folder/],
  ])('refuses %s', async (path, error) => {
    const root = writeTree({
      'package.json': PACKAGE,
      '.prettierrc': PRETTIER,
      [path]: 'return 1\n',
    });
    await expect(generateFiles(root)).rejects.toThrow(error);
  });
});
