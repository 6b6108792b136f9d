import { defineConfig } from 'vitest/config';
import { assembleLua } from './build/lua-source.js';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  define: { __FLASH_SALE_VERSION__: JSON.stringify(pkg.version) },
  plugins: [
    {
      name: 'inline-lua',
      load(id) {
        return id.endsWith('.lua') ? `export default ${JSON.stringify(assembleLua(id))};` : null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/harness/global-setup.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
