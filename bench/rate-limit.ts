/**
 * What a rate limit costs Redis per decision (PreloadRules.rateLimit, GCRA in the
 * purchase script), read from Redis's own accounting (INFO commandstats): the
 * purchase script's microseconds divided by the decisions it made, from 256
 * callers in batches of up to 64, on a private redis-server. For each
 * configuration: fresh buyers (every decision reserves and, with a limit, writes
 * its TAT), then the same buyers again at once (with a limit, every decision is a
 * `rate_limited` refusal; without one, a `limit_reached` refusal).
 *
 *   npx tsx bench/rate-limit.ts [decisions per phase, default 50000] [rounds, default 3]
 *
 * Each figure is the median of the rounds. Also printed: the rate set's memory per
 * member (MEMORY USAGE after the first phase, ids like `buyer-12345`).
 */
import { cpus } from 'node:os';
import { Redis } from 'ioredis';
import { FlashSale, type RateLimits } from '../src/index.js';
import { startRedisServer } from '../test/harness/redis-server.js';
import { deleteKeys } from './delete-keys.js';
import { printTable } from './print-table.js';
import { scriptMicros } from './redis-cost.js';

const RULE = { attempts: 1, windowMs: 600_000 };
const CASES: readonly (readonly [string, RateLimits | undefined])[] = [
  ['none', undefined],
  ['perUser', { perUser: RULE }],
  ['perUser + perClient', { perUser: RULE, perClient: { attempts: 1_000, windowMs: 600_000 } }],
];

async function phase(client: Redis, sale: FlashSale, decisions: number): Promise<number> {
  await client.config('RESETSTAT');
  let next = 0;
  const caller = async (): Promise<void> => {
    while (next < decisions) {
      const n = next++;
      // 1,000 buyers per client key (an office behind one IP)
      await sale.tryPurchase(`buyer-${String(n)}`, { clientKey: `ip-${String(n % 1000)}` });
    }
  };
  await Promise.all(Array.from({ length: 256 }, caller));
  return (await scriptMicros(client)).usec / decisions;
}

let counter = 0;

async function measure(
  port: number,
  rateLimit: RateLimits | undefined,
  decisions: number,
): Promise<[number, number, number]> {
  const client = new Redis({ port });
  const saleId = `rate-${String(counter++)}`;
  const sale = new FlashSale({ redis: client, saleId, keyPrefix: 'bench:', maxBatchSize: 64 });
  await sale.preload({
    stock: 1_000_000_000,
    perUserLimit: 1,
    holdMs: 600_000,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  });
  try {
    const reserve = await phase(client, sale, decisions);
    const key = `bench:{${saleId}}:rate`;
    const members = await client.zcard(key);
    const bytes = Number(await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0'));
    const refuse = await phase(client, sale, decisions);
    return [reserve, refuse, members === 0 ? 0 : bytes / members];
  } finally {
    await deleteKeys(client, `bench:{${saleId}}:*`);
    client.disconnect();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const decisions = Number(process.argv[2] ?? 50_000);
  const rounds = Number(process.argv[3] ?? 3);
  const server = await startRedisServer({ args: ['--appendonly', 'no'] });
  try {
    console.log(
      `machine: ${String(cpus().length)} × ${cpus()[0]?.model ?? '?'}, node ${process.version}; private redis-server on port ${String(server.port)}; ${String(decisions)} decisions per phase, median of ${String(rounds)} rounds\n`,
    );
    const results = new Map<string, [number[], number[], number[]]>(
      CASES.map(([name]) => [name, [[], [], []]]),
    );
    for (let round = 0; round < rounds; round += 1) {
      for (const [name, rateLimit] of CASES) {
        const [reserve, refuse, bytes] = await measure(server.port, rateLimit, decisions);
        results.get(name)?.[0].push(reserve);
        results.get(name)?.[1].push(refuse);
        results.get(name)?.[2].push(bytes);
      }
    }
    printTable(
      [
        'rate limit',
        'µs/decision, reserving',
        'µs/decision, the same buyers again',
        'rate set, bytes/member',
      ],
      CASES.map(([name]) => {
        const [reserve, refuse, bytes] = results.get(name) ?? [[], [], []];
        return [
          name,
          median(reserve).toFixed(2),
          median(refuse).toFixed(2),
          name === 'none' ? '-' : median(bytes).toFixed(0),
        ];
      }),
    );
  } finally {
    await server.stop();
  }
}

await main();
