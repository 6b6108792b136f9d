/**
 * Node module hooks for processes that run the TypeScript sources outside vitest
 * and tsup (the demo, the benchmarks, test fixtures in child processes): a `.lua`
 * import becomes its text, assembled by the same function the build and vitest use,
 * so those processes run exactly the scripts that ship.
 */
import type { LoadHook } from 'node:module';
import { fileURLToPath } from 'node:url';
import { assembleLua } from './lua-source.js';

/** Loads `.lua` files as modules whose default export is the assembled script. */
export const load: LoadHook = async (url, context, nextLoad) => {
  if (!url.endsWith('.lua')) return nextLoad(url, context);
  return {
    format: 'module',
    shortCircuit: true,
    source: `export default ${JSON.stringify(assembleLua(fileURLToPath(url)))};`,
  };
};
