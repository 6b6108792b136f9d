/**
 * The `flash-sale` command (package.json `bin`), built after the main entry (see
 * tsup.config.ts), as one ES module with a shebang.
 *
 * commander is bundled in, so a user of the library installs nothing for the
 * command; its licence travels in dist/cli.licenses.txt. The library itself is
 * imported by the package's own name, not copied: the command runs the very
 * `dist/index.js` the package ships. ioredis stays the user's own.
 */
import { defineConfig } from 'tsup';
import { bundledLicenses } from './build/bundled-licenses.js';

export default defineConfig({
  entry: { cli: 'src/cli/main.ts' },
  tsconfig: 'tsconfig.build.json',
  format: ['esm'],
  dts: false,
  clean: false, // the main build, which runs first, cleaned dist/
  sourcemap: false,
  target: 'node20',
  platform: 'node',
  external: ['flash-sale', 'ioredis', /^ioredis\//],
  noExternal: ['commander'],
  // commander is CommonJS and calls require(); an ES module has none of its own
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as flashSaleCreateRequire } from 'node:module';\nconst require = flashSaleCreateRequire(import.meta.url);",
  },
  esbuildPlugins: [bundledLicenses('cli.licenses.txt')],
});
