/**
 * One test for every bundled script of every subsystem: each `lua/` folder under
 * src is found the way the generator finds it, its generated module is imported,
 * and each record is checked against its file name, its own text and a real
 * `SCRIPT LOAD`; each must be wrapped by exactly one `LuaScript`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findKeyUse } from '../../../build/lua/check-key-count.js';
import { discoverLuaFolders } from '../../../build/lua/discover-scripts.js';
import { SCRIPTS_MODULE } from '../../../build/lua/emit-modules.js';
import { generateFiles, isCurrent, orphanedModules } from '../../../build/lua/generate.js';
import { tokenizeLua } from '../../../build/lua/lua-tokens.js';
import pkg from '../../../package.json' with { type: 'json' };
import { LOCK_SCRIPTS } from '../../../src/lock/lua/lock-scripts.js';
import { OUTBOX_SCRIPTS } from '../../../src/orders/outbox/lua/outbox-scripts.js';
import { SALE_SCRIPTS } from '../../../src/sale/lua/sale-scripts.js';
import type { LuaScript } from '../../../src/shared/lua/lua-script.js';
import type { LuaScriptSource } from '../../../src/shared/lua/lua-script-source.js';
import { PACKAGE_VERSION } from '../../../src/shared/version.generated.js';
import { redisClient } from '../../harness/clients.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const src = join(root, 'src');

/** Every `LuaScript` the library runs. A new family of scripts is added here. */
const RUNNABLE: readonly LuaScript[] = [
  ...Object.values(SALE_SCRIPTS),
  ...Object.values(OUTBOX_SCRIPTS),
  ...LOCK_SCRIPTS,
];

interface Generated {
  /** e.g. `src/lock/lua/acquire-2.lua`, the file the record was built from. */
  readonly file: string;
  readonly record: LuaScriptSource;
}

const generated: Generated[] = [];
for (const folder of discoverLuaFolders(src)) {
  const module = (await import(pathToFileURL(join(folder.dir, SCRIPTS_MODULE)).href)) as {
    LUA_SCRIPTS: Readonly<Record<string, LuaScriptSource>>;
  };
  for (const record of Object.values(module.LUA_SCRIPTS)) {
    const file = join(folder.dir, `${record.name}-${String(record.numberOfKeys)}.lua`);
    generated.push({ file: relative(root, file), record });
  }
}

describe('generated Lua scripts', () => {
  const client = redisClient();
  afterAll(() => {
    client.disconnect();
  });

  it('the committed modules are what `npm run generate` writes now', async () => {
    const files = await generateFiles(root);
    expect(files.filter((file) => !isCurrent(file)).map((file) => file.path)).toEqual([]);
    expect(orphanedModules(root, files)).toEqual([]);
    expect(PACKAGE_VERSION).toBe(pkg.version);
  });

  it('there is one record per script file under src, found without the generator', () => {
    const scripts = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((path) => path.endsWith('.lua') && basename(dirname(path)) !== 'lib')
      .map((path) => join('src', path))
      .sort();
    expect(scripts.length).toBeGreaterThan(0);
    expect(generated.map((entry) => entry.file).sort()).toEqual(scripts);
  });

  it.each(generated.map((entry) => [entry.file, entry] as const))(
    '%s: its SHA is what SCRIPT LOAD returns, its text has no include or comment, its keys match its name',
    async (file, { record }) => {
      expect(existsSync(join(root, file))).toBe(true);
      expect(record.sha).toBe(createHash('sha1').update(record.source).digest('hex'));
      expect(await client.script('LOAD', record.source)).toBe(record.sha);

      expect(record.source).not.toContain('@include');
      const tokens = tokenizeLua(record.source, file);
      expect(tokens.filter((token) => token.kind.endsWith('comment'))).toEqual([]);
      expect(record.source).not.toMatch(/^\s*--/m);
      expect(record.source).not.toMatch(/(^|\n)[ \t]*\n/);

      const keys = findKeyUse(tokens);
      const declared = Array.from({ length: record.numberOfKeys }, (_, i) => i + 1);
      if (keys.dynamic)
        expect(Math.max(0, ...keys.literal)).toBeLessThanOrEqual(record.numberOfKeys);
      else expect(keys.literal).toEqual(declared);

      const runners = RUNNABLE.filter((script) => script.source === record.source);
      expect(runners).toHaveLength(1);
      expect(runners[0]?.sha).toBe(record.sha);
      expect(runners[0]?.numberOfKeys).toBe(record.numberOfKeys);
    },
  );

  it('every script the library runs is a generated one', () => {
    const records = new Set(generated.map((entry) => entry.record.source));
    expect(RUNNABLE.filter((script) => !records.has(script.source))).toEqual([]);
    expect(RUNNABLE).toHaveLength(generated.length);
  });

  it('command names are unique and carry the package version, so two versions never collide', () => {
    const names = RUNNABLE.map((script) => script.commandName);
    expect(new Set(names).size).toBe(names.length);
    const suffix = `_${pkg.version.replace(/[^0-9A-Za-z]/g, '_')}`;
    for (const name of names) {
      expect(name).toMatch(/^flashSale[A-Z][A-Za-z]+_/);
      expect(name.endsWith(suffix)).toBe(true);
    }
  });
});
