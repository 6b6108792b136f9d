/**
 * npm run check:consumer — the package as a user gets it, installed next to each
 * supported ioredis major.
 *
 * Packs the package (`npm pack`, which builds it through `prepack`), checks the
 * tarball's contents, then for ioredis 5.3.0 (the lowest the peer range allows),
 * the newest 5.x and 6 makes an empty project, installs the tarball with that
 * ioredis (and redlock 4), and:
 * - runs an ES module and a CommonJS script that sell from `flash-sale/testing`,
 *   count the purchases on the diagnostics channel, and load `flash-sale/redlock`
 *   and `flash-sale/otel` (with `@opentelemetry/api`, its optional peer), and make
 *   the sinks of `flash-sale/rabbitmq` and `flash-sale/nats` (with amqplib and
 *   @nats-io/jetstream + @nats-io/transport-node, their optional peers);
 * - type-checks a consumer under moduleResolution node10, node16 (ESM and CJS)
 *   and bundler, with skipLibCheck off, so the published .d.ts files are checked.
 * Needs the npm registry (the user's own install does too).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const scratch = mkdtempSync(join(tmpdir(), 'flash-sale-consumer-'));

/** Runs a command, echoing it; its output is shown only when it fails. */
function run(cwd: string, command: string, args: readonly string[]): string {
  console.log(`$ ${command} ${args.join(' ')}`);
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    console.error(stdout ?? '', stderr ?? '');
    throw new Error(`failed in ${cwd}: ${command} ${args.join(' ')}`, { cause: error });
  }
}

const REQUIRED_FILES = [
  'package/package.json',
  'package/README.md',
  'package/LICENSE',
  'package/dist/index.js',
  'package/dist/index.cjs',
  'package/dist/index.d.ts',
  'package/dist/index.d.cts',
  'package/dist/redlock.js',
  'package/dist/redlock.cjs',
  'package/dist/otel.js',
  'package/dist/otel.cjs',
  'package/dist/otel.d.ts',
  'package/dist/otel.d.cts',
  'package/otel/package.json',
  'package/dist/rabbitmq.js',
  'package/dist/rabbitmq.cjs',
  'package/dist/rabbitmq.d.ts',
  'package/dist/rabbitmq.d.cts',
  'package/rabbitmq/package.json',
  'package/dist/nats.js',
  'package/dist/nats.cjs',
  'package/dist/nats.d.ts',
  'package/dist/nats.d.cts',
  'package/nats/package.json',
  'package/dist/testing.js',
  'package/dist/testing.cjs',
  'package/dist/testing.d.ts',
  'package/dist/testing.d.cts',
  'package/dist/testing.licenses.txt',
  'package/redlock/package.json',
  'package/testing/package.json',
];

/** Packs the package into `scratch` and checks what the tarball holds. */
function pack(): string {
  const output = run(root, 'npm', ['pack', '--json', '--pack-destination', scratch]);
  // prepack's build prints first; npm's JSON is the array that opens on a line of its own
  const [info] = JSON.parse(output.slice(output.search(/^\[$/m))) as [{ filename: string }];
  const tarball = join(scratch, info.filename);
  const listed = new Set(run(scratch, 'tar', ['-tzf', tarball]).split('\n'));
  const missing = REQUIRED_FILES.filter((file) => !listed.has(file));
  if (missing.length > 0) throw new Error(`the tarball lacks ${missing.join(', ')}`);
  const stray = [...listed].filter((file) => /^package\/(src|test|examples|bench)\//.test(file));
  if (stray.length > 0) throw new Error(`the tarball ships sources: ${stray.join(', ')}`);
  console.log(`${info.filename}: ${String(listed.size - 1)} files, all expected ones present`);
  return tarball;
}

const SCENARIO = `
  const decided = [];
  const listen = (message) => decided.push(message.outcome);
  subscribe(DIAGNOSTIC_CHANNELS.purchase, listen);
  const stopMetrics = instrumentFlashSale();
  const sale = await createTestSale({ stock: 1, perUserLimit: 1 });
  if (!(sale instanceof FlashSale)) throw new Error('createTestSale made a FlashSale of another copy');
  const won = await sale.tryPurchase('alice');
  if (!won.ok) throw new Error('expected a hold, got ' + won.reason);
  const lost = await sale.tryPurchase('bob');
  if (lost.ok || lost.reason !== 'sold_out') throw new Error('expected sold_out');
  await sale.confirm(won.reservation.id);
  const stats = await sale.stats();
  if (stats.sold !== 1 || stats.available !== 0) throw new Error('unexpected stats');
  if (typeof MultiRedisLock !== 'function') throw new Error('flash-sale/redlock did not load');
  // the broker sinks load their clients (amqplib, @nats-io/*) and connect on the first write
  new RabbitMqSink({ url: 'amqp://guest:guest@127.0.0.1:5672' });
  new NatsJetStreamSink({ servers: '127.0.0.1:4222' });
  stopMetrics();
  unsubscribe(DIAGNOSTIC_CHANNELS.purchase, listen);
  if (decided.join() !== 'reserved,rejected') throw new Error('purchase messages: ' + decided.join());
  console.log(FORMAT + ': sold ' + stats.sold + ' of ' + stats.loaded + ', purchases published: ' + decided.join());
`;

const ESM_SCRIPT = `import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DIAGNOSTIC_CHANNELS, FlashSale } from 'flash-sale';
import { createTestSale } from 'flash-sale/testing';
import { MultiRedisLock } from 'flash-sale/redlock';
import { instrumentFlashSale } from 'flash-sale/otel';
import { RabbitMqSink } from 'flash-sale/rabbitmq';
import { NatsJetStreamSink } from 'flash-sale/nats';
const FORMAT = 'ESM';
${SCENARIO}`;

const CJS_SCRIPT = `const { subscribe, unsubscribe } = require('node:diagnostics_channel');
const { DIAGNOSTIC_CHANNELS, FlashSale } = require('flash-sale');
const { createTestSale } = require('flash-sale/testing');
const { MultiRedisLock } = require('flash-sale/redlock');
const { instrumentFlashSale } = require('flash-sale/otel');
const { RabbitMqSink } = require('flash-sale/rabbitmq');
const { NatsJetStreamSink } = require('flash-sale/nats');
const FORMAT = 'CJS';
(async () => {${SCENARIO}})().catch((error) => { console.error(error); process.exit(1); });
`;

/** A consumer's typed code, the same text under every resolution mode. */
const TYPED = `import { Redis } from 'ioredis';
import {
  DIAGNOSTIC_CHANNELS,
  FlashSale,
  QueuedOrders,
  isReservationReleasedError,
  type DiagnosticChannelName,
  type PurchaseMessage,
  type PurchaseResult,
} from 'flash-sale';
import { createInMemoryRedis, createTestSale } from 'flash-sale/testing';
import { MultiRedisLock } from 'flash-sale/redlock';
import { FLASH_SALE_METRICS, instrumentFlashSale } from 'flash-sale/otel';
import { RabbitMqSink, isBrokerUnavailableError } from 'flash-sale/rabbitmq';
import type { OrderSink } from 'flash-sale';

export const channel: DiagnosticChannelName = DIAGNOSTIC_CHANNELS.purchase;
export const latency = (message: PurchaseMessage): number => message.latencyMs;
export const stopMetrics: () => void = instrumentFlashSale({ itemAttribute: false });
export const metricName: string = FLASH_SALE_METRICS.purchases;
export const sinks: OrderSink[] = [new RabbitMqSink({ url: 'amqp://127.0.0.1', queueType: 'quorum' })];
export const unavailable = (error: unknown): boolean => isBrokerUnavailableError(error);

export async function consumer(): Promise<string> {
  const real = new FlashSale({ redis: new Redis({ lazyConnect: true }), saleId: 'typed' });
  const memory: Redis = createInMemoryRedis({ now: () => Date.now() });
  const sale: FlashSale = await createTestSale({ stock: 2 }, { redis: memory, saleId: 'typed' });
  const result: PurchaseResult = await sale.tryPurchase('alice');
  const orders = new QueuedOrders({ sale });
  const lock = new MultiRedisLock({ servers: [memory] });
  try {
    if (result.ok) await sale.confirm(result.reservation.id);
  } catch (error) {
    if (isReservationReleasedError(error)) return error.reason;
  }
  return [real.saleId, typeof orders.status, typeof lock.tryAcquire].join();
}
`;

/**
 * The NATS sink's part. Its types must not pull in the NATS client's own
 * declarations, which fail under exactOptionalPropertyTypes (and node10) with
 * skipLibCheck off: flash-sale/nats declares the connect options itself.
 */
const TYPED_NATS = `
import { NatsJetStreamSink, type NatsJetStreamSinkOptions } from 'flash-sale/nats';
const natsOptions: NatsJetStreamSinkOptions = {
  servers: ['127.0.0.1:4222'],
  stream: 'ORDERS',
  connectOptions: { name: 'orders', maxReconnectAttempts: -1, tls: { caFile: 'ca.pem' } },
};
export const natsSink: OrderSink = new NatsJetStreamSink(natsOptions);
`;

const MODES = [
  { name: 'node10', module: 'commonjs', moduleResolution: 'node10', file: 'typed.ts' },
  { name: 'node16-cjs', module: 'node16', moduleResolution: 'node16', file: 'typed.cts' },
  { name: 'node16-esm', module: 'node16', moduleResolution: 'node16', file: 'typed.mts' },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', file: 'typed.ts' },
] as const;

/** Installs the tarball next to `ioredis@<range>` in a new project and checks it there. */
function checkWith(tarball: string, ioredis: string): void {
  const project = join(scratch, `ioredis-${ioredis.replace(/\W/g, '')}`);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
  run(project, 'npm', [
    'install',
    '--no-audit',
    '--no-fund',
    tarball,
    `ioredis@${ioredis}`,
    'redlock@^4.2.0',
    '@opentelemetry/api@^1.9.0',
    'amqplib@^2.3.0',
    '@nats-io/jetstream@^3.4.0',
    '@nats-io/transport-node@^3.4.0',
    '@types/node@^20.19.0',
    // ioredis 6.1.0's own .d.ts files import 'redis-errors', which ships no types:
    // with skipLibCheck off a consumer needs these, whatever it imports from us
    '@types/redis-errors@^1.2.3',
  ]);
  console.log(run(project, 'npm', ['ls', 'ioredis', '--depth=0']).trim());
  writeFileSync(join(project, 'esm.mjs'), ESM_SCRIPT);
  writeFileSync(join(project, 'cjs.cjs'), CJS_SCRIPT);
  process.stdout.write(run(project, 'node', ['esm.mjs']));
  process.stdout.write(run(project, 'node', ['cjs.cjs']));
  for (const mode of MODES) {
    const dir = join(project, mode.name);
    mkdirSync(dir);
    writeFileSync(join(dir, mode.file), TYPED + TYPED_NATS);
    const config = {
      compilerOptions: {
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: false,
        target: 'ES2022',
        lib: ['ES2023'],
        types: ['node'],
        module: mode.module,
        moduleResolution: mode.moduleResolution,
      },
      files: [mode.file],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
    run(dir, process.execPath, [tsc, '-p', '.']);
    console.log(`types ok: ${mode.name}`);
  }
}

try {
  const tarball = pack();
  // The lowest supported 5.x, the newest 5.x, and 6.
  for (const ioredis of ['5.3.0', '^5', '^6']) checkWith(tarball, ioredis);
  console.log(`consumers ok (${readdirSync(scratch).length - 1} projects)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
