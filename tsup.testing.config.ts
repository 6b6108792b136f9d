/**
 * The `flash-sale/testing` entry, built after the main one (see tsup.config.ts).
 *
 * ioredis-mock and its dependencies are bundled in, so a user installs nothing
 * for it and npm never meets ioredis-mock's peer range (`ioredis ^5`). ioredis
 * stays the user's own, and `flash-sale` is imported, not copied: the sale the
 * helper returns is the very `FlashSale` class of the main entry.
 */
import { defineConfig } from 'tsup';
import { bundledLicenses } from './build/bundled-licenses.js';

export default defineConfig({
  entry: { testing: 'src/testing/index.ts' },
  tsconfig: 'tsconfig.build.json',
  format: ['esm', 'cjs'],
  dts: true,
  clean: false, // the main build, which runs first, cleaned dist/
  sourcemap: false, // a map of the bundled engine would double the package's size
  target: 'node20',
  platform: 'node',
  external: ['flash-sale', 'ioredis', /^ioredis\//],
  noExternal: ['ioredis-mock'],
  // ioredis-mock is CommonJS and calls require(); an ES module has none of its own.
  banner: ({ format }) =>
    format === 'esm'
      ? {
          js: "import { createRequire as flashSaleCreateRequire } from 'node:module';\nconst require = flashSaleCreateRequire(import.meta.url);",
        }
      : undefined,
  esbuildPlugins: [bundledLicenses('testing.licenses.txt')],
});
