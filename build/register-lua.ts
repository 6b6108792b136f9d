/**
 * Preload for running the TypeScript sources directly:
 *   tsx --import ./build/register-lua.ts bench/main.ts
 *   node --import tsx --import ./build/register-lua.ts child.ts
 * Registers the `.lua` loader and defines the version constant tsup and vitest
 * would otherwise inject. Modules that import `src/` must load after this one.
 */
import { register } from 'node:module';
import pkg from '../package.json' with { type: 'json' };

register('./lua-hooks.ts', import.meta.url);
Object.assign(globalThis, { __FLASH_SALE_VERSION__: pkg.version });
