import { defineConfig } from 'tsup';
import { assembleLua } from './build/lua-source.js';
import pkg from './package.json' with { type: 'json' };

export default defineConfig({
  entry: { index: 'src/index.ts', redlock: 'src/redlock/index.ts' },
  tsconfig: 'tsconfig.build.json',
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  external: ['ioredis', 'redlock'],
  // The version suffixes script command names, so two versions on one client never collide.
  define: { __FLASH_SALE_VERSION__: JSON.stringify(pkg.version) },
  esbuildPlugins: [
    {
      name: 'inline-lua',
      setup(build) {
        build.onLoad({ filter: /\.lua$/ }, (args) => ({
          contents: assembleLua(args.path),
          loader: 'text',
        }));
      },
    },
  ],
});
