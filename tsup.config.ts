import { defineConfig } from 'tsup';

// The Lua scripts and the package version come from committed generated modules
// (`npm run generate`), so the build needs no loader of its own.
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    lock: 'src/lock/index.ts',
    redlock: 'src/redlock/index.ts',
    otel: 'src/otel/index.ts',
    rabbitmq: 'src/brokers/rabbitmq/index.ts',
    nats: 'src/brokers/nats/index.ts',
  },
  tsconfig: 'tsconfig.build.json',
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  external: [
    'ioredis',
    'redlock',
    '@opentelemetry/api',
    'amqplib',
    '@nats-io/jetstream',
    '@nats-io/transport-node',
  ],
});
