/**
 * The ceiling to compare against: redis-benchmark sending EVALSHA of the very
 * same purchase script (one decision per call, a fresh random user each time),
 * with and without pipelining, against the same server in the same run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { FlashSale } from '../src/index.js';
import { saleKeys } from '../src/sale/sale-keys.js';
import { SALE_SCRIPTS } from '../src/sale/lua/sale-scripts.js';
import { deleteKeys } from './delete-keys.js';

const run = promisify(execFile);

/** Options of one redis-benchmark run. */
export interface BaselineCase {
  readonly pipeline: number;
  readonly clients: number;
  readonly requests: number;
}

/** EVALSHA purchase calls per second as redis-benchmark measures them. */
export async function measureRedisBenchmark(port: number, baseline: BaselineCase): Promise<number> {
  const admin = new Redis({ port });
  const saleId = `rb-${String(baseline.pipeline)}`;
  const sale = new FlashSale({ redis: admin, saleId, keyPrefix: 'bench:' });
  await sale.preload({ stock: 1_000_000_000, perUserLimit: 1_000_000, holdMs: 600_000 });
  const script = SALE_SCRIPTS.purchase;
  await admin.script('LOAD', script.source);
  const keys = saleKeys('bench:', saleId).all;
  const { stdout } = await run(
    'redis-benchmark',
    [
      '-h',
      '127.0.0.1',
      '-p',
      String(port),
      '-c',
      String(baseline.clients),
      '-n',
      String(baseline.requests),
      '-P',
      String(baseline.pipeline),
      '-r',
      '100000000000',
      '--csv',
      'EVALSHA',
      script.sha,
      String(script.numberOfKeys),
      ...keys,
      `bench:{${saleId}}:op:__rand_int__`,
      `bench:{${saleId}}:rate`,
      // one request per call: a random reservation id and user, one unit of the
      // sale's one item, no idempotency key, no metadata, no client key, no
      // purchase token (each __rand_int__ is drawn on its own, from 10^11 values)
      '1',
      `${saleId}:__rand_int__`,
      'user-__rand_int__',
      'default:1',
      '',
      '',
      '',
      '',
      '600000',
    ],
    { maxBuffer: 1 << 20 },
  );
  await deleteKeys(admin, `bench:{${saleId}}:*`);
  admin.disconnect();
  // --csv prints a header line, then "EVALSHA …","<rps>",…
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const rps = Number(line.split('","')[1]);
  if (!Number.isFinite(rps)) throw new Error(`could not read redis-benchmark output: ${stdout}`);
  return rps;
}
