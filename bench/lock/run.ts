/** Runs every contender through both scenarios and prints one table. */
import { availableParallelism } from 'node:os';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../../test/harness/redis-server.js';
import {
  multiRedisLock,
  redisLock,
  redlock4,
  semaphoreMutex,
  type Contender,
} from './contenders.js';
import { printTable } from '../print-table.js';

const DURATION_MS = 400;
const WARMUP_MS = 300;
const CONTENDERS = 8;
/** Rounds over all contenders, in rotating order; each cell reports the median round. */
const ROUNDS = 7;

interface Measured {
  readonly pairs: number;
  readonly perSecond: number;
  /** Commands the servers processed per pair: retries and extra phases show up here. */
  readonly commandsPerPair: number;
}

/** Total commands processed so far by the servers at `ports`. */
async function commandsProcessed(ports: readonly number[]): Promise<number> {
  let total = 0;
  for (const port of ports) {
    const client = new Redis({ port });
    const info = await client.info('stats');
    client.disconnect();
    total += Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? Number.NaN);
  }
  return total;
}

/** `concurrency` loops on one key, each on its own connection, for `durationMs`. */
async function measure(
  contender: Contender,
  ports: readonly number[],
  key: string,
  concurrency: number,
  durationMs: number,
): Promise<Measured> {
  const loops = Array.from({ length: concurrency }, () => contender.connect(ports));
  const commandsBefore = await commandsProcessed(ports);
  let pairs = 0;
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(
    loops.map(async ({ pair }) => {
      while (performance.now() < until) {
        await pair(key);
        pairs++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  // Minus the INFO call that took the first reading, per server.
  const commands = (await commandsProcessed(ports)) - commandsBefore - ports.length;
  for (const loop of loops) loop.close();
  return { pairs, perSecond: (pairs * 1_000) / elapsedMs, commandsPerPair: commands / pairs };
}

function formatRate(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Starts the servers, measures, prints, stops. */
export async function runLockBench(): Promise<void> {
  const servers: RedisServer[] = await Promise.all([
    startRedisServer(),
    startRedisServer(),
    startRedisServer(),
  ]);
  const ports = servers.map((server) => server.port);
  const [main] = ports;
  const single = ports.slice(0, 1);
  const contenders: [Contender, readonly number[]][] = [
    [redisLock, single],
    [semaphoreMutex, single],
    [redlock4, single],
    [multiRedisLock(1), single],
    [multiRedisLock(3), ports],
  ];
  console.log(
    `lock bench: redis-server on port ${String(main)} (plus 2 more for the ×3 row); ` +
      `${ROUNDS} interleaved rounds of ${DURATION_MS} ms per cell, median shown; ` +
      `${CONTENDERS} contenders on one key in the contended columns; ` +
      `${availableParallelism()} CPUs, node ${process.version}`,
  );
  const results = contenders.map(() => ({ alone: [] as Measured[], crowd: [] as Measured[] }));
  try {
    for (const [index, [contender, contenderPorts]] of contenders.entries()) {
      await measure(contender, contenderPorts, `bench:warm:${index}`, 1, WARMUP_MS);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (let offset = 0; offset < contenders.length; offset++) {
        const index = (round + offset) % contenders.length;
        const entry = contenders[index];
        const result = results[index];
        if (entry === undefined || result === undefined) continue;
        const [contender, contenderPorts] = entry;
        const key = `bench:${index}:${round}`;
        result.alone.push(await measure(contender, contenderPorts, `${key}:alone`, 1, DURATION_MS));
        result.crowd.push(
          await measure(contender, contenderPorts, `${key}:crowd`, CONTENDERS, DURATION_MS),
        );
      }
    }
  } finally {
    await Promise.all(servers.map(async (server) => server.stop()));
  }
  const rows = contenders.map(([contender], index) => {
    const alone = median(results[index]?.alone ?? []);
    const crowd = median(results[index]?.crowd ?? []);
    return [
      contender.name,
      formatRate(alone.perSecond),
      spread(results[index]?.alone ?? []),
      (1_000_000 / alone.perSecond).toFixed(0),
      alone.commandsPerPair.toFixed(1),
      formatRate(crowd.perSecond),
      spread(results[index]?.crowd ?? []),
      crowd.commandsPerPair.toFixed(1),
      contender.settings,
    ];
  });
  printTable(
    [
      'library',
      'uncontended pairs/s',
      'min–max',
      'µs/pair',
      'server cmds/pair',
      `contended ×${CONTENDERS} pairs/s`,
      'min–max',
      'server cmds/pair',
      'settings',
    ],
    rows,
  );
  console.log(
    'server cmds/pair: commands the server(s) processed per acquire/release pair, ' +
      'including those run inside Lua scripts; retries under contention add to it.',
  );
}

/** The range of rates over the rounds, so the noise of the machine is visible. */
function spread(list: readonly Measured[]): string {
  const rates = list.map((entry) => entry.perSecond);
  return `${formatRate(Math.min(...rates))}–${formatRate(Math.max(...rates))}`;
}

/** The measurement with the median rate. */
function median(list: readonly Measured[]): Measured {
  const sorted = [...list].sort((a, b) => a.perSecond - b.perSecond);
  const middle = sorted[Math.floor(sorted.length / 2)];
  if (middle === undefined) throw new Error('no measurements');
  return middle;
}
