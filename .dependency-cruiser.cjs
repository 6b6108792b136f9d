/**
 * The library's layering, checked in CI (`npm run check:deps`): dependencies run
 * one way, entry → subsystems → shared, and no files import each other in a loop.
 *   shared  imports nothing of ours
 *   sale    imports shared
 *   lock    imports shared
 *   orders  imports sale, lock and shared
 *   redlock imports lock and shared
 *   otel    imports shared (the channel names and messages)
 *   cli     imports the public API (src/index.ts, as 'flash-sale') and the package
 *           version, nothing else of ours: the command is a user of the library
 *   nothing imports cli
 *   brokers/common            imports orders (types) and shared
 *   brokers/rabbitmq, …/nats  import brokers/common, orders (types) and shared; not each other
 */
const layer = (from, allowed) => ({
  name: `${from}-imports-only-${allowed.join('-') || 'nothing'}`,
  severity: 'error',
  comment: `src/${from} may import only ${allowed.map((a) => `src/${a}`).join(', ') || 'itself'}`,
  from: { path: `^src/${from}/` },
  to: {
    path: '^src/',
    pathNot: [`^src/${from}/`, ...allowed.map((a) => `^src/${a}/`)],
  },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'files that import each other in a loop',
      from: {},
      to: { circular: true },
    },
    layer('shared', []),
    layer('sale', ['shared']),
    layer('lock', ['shared']),
    layer('orders', ['sale', 'lock', 'shared']),
    layer('redlock', ['lock', 'shared']),
    layer('otel', ['shared']),
    {
      name: 'cli-imports-only-the-public-api',
      severity: 'error',
      comment: 'src/cli may import only src/index.ts (the package by its name) and the version',
      from: { path: '^src/cli/' },
      to: {
        path: '^src/',
        pathNot: ['^src/cli/', '^src/index\\.ts$', '^src/shared/version\\.generated\\.ts$'],
      },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      comment: 'src/cli sits above every subsystem',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    layer('brokers/common', ['orders', 'shared']),
    layer('brokers/rabbitmq', ['brokers/common', 'orders', 'shared']),
    layer('brokers/nats', ['brokers/common', 'orders', 'shared']),
  ],
  options: {
    // a built dist/ is never cruised: with one present, the bare 'redlock' resolves
    // through the repo's redlock/ shim (tsconfig `paths` make the root a module
    // folder) to dist/redlock.cjs, which then seems to import itself
    doNotFollow: { path: ['node_modules', '^dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
