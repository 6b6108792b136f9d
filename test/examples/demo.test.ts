/** The demo: its settings, its backend choice, and a small run on each backend. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { ORDERS, orderFor } from '../../examples/demo/drop.js';
import { demoOptions } from '../../examples/demo/options.js';
import { freePort } from '../harness/free-port.js';

const MAIN = fileURLToPath(new URL('../../examples/demo/main.ts', import.meta.url));

/** Runs the demo as `npm run demo` would, with `env` on top of a clean one. */
async function runDemo(
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(REDIS_URL|DEMO_)/.test(name)),
  );
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', MAIN],
      { env: { ...base, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('demo settings', () => {
  it('has defaults, and accepts digit separators', () => {
    expect(demoOptions({})).toEqual({
      buyers: 20_000,
      stock: 100,
      holdMs: undefined,
      redisUrl: undefined,
    });
    expect(
      demoOptions({ DEMO_BUYERS: '5_000', DEMO_STOCK: '1,000', DEMO_HOLD_MS: ' 3000 ' }),
    ).toMatchObject({
      buyers: 5000,
      stock: 1000,
      holdMs: 3000,
    });
  });

  it.each([
    ['DEMO_BUYERS', 'abc', 'DEMO_BUYERS must be a whole number from 1 to 1,000,000; got "abc"'],
    ['DEMO_BUYERS', '0', 'DEMO_BUYERS must be a whole number from 1 to 1,000,000; got "0"'],
    ['DEMO_BUYERS', '-5', 'DEMO_BUYERS must be a whole number from 1 to 1,000,000; got "-5"'],
    ['DEMO_STOCK', '1.5', 'DEMO_STOCK must be a whole number from 1 to 100,000; got "1.5"'],
    ['DEMO_HOLD_MS', '100', 'DEMO_HOLD_MS must be a whole number from 200 to 600,000; got "100"'],
    [
      'REDIS_URL',
      'localhost:6379',
      'REDIS_URL must be a redis:// or rediss:// URL (or unset); got "localhost:6379"',
    ],
  ])('refuses %s=%s, naming it', (name, value, message) => {
    expect(() => demoOptions({ [name]: value })).toThrow(message);
  });

  it('stops with exit code 2 and the message, before connecting to anything', async () => {
    const run = await runDemo({ DEMO_BUYERS: 'abc' });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flash-sale demo: DEMO_BUYERS must be a whole number from 1 to 1,000,000; got "abc"\n',
    });
  });
});

describe("the demo's drop", () => {
  it('gives every buyer one of the orders, in the shares declared', () => {
    expect(ORDERS.reduce((sum, order) => sum + order.perMille, 0)).toBe(1000);
    const placed = new Map<string, number>();
    for (let u = 0; u < 1000; u++) {
      const name = orderFor(u).name;
      placed.set(name, (placed.get(name) ?? 0) + 1);
    }
    for (const order of ORDERS) expect(placed.get(order.name)).toBe(order.perMille);
  });
});

describe('the demo', () => {
  it('stops with exit code 1 when REDIS_URL names a Redis that does not answer', async () => {
    const port = await freePort();
    const run = await runDemo({ REDIS_URL: `redis://user:secret@127.0.0.1:${String(port)}` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `flash-sale demo: no Redis answers at REDIS_URL=redis://user:***@127.0.0.1:${String(port)} (connect ECONNREFUSED 127.0.0.1:${String(port)}). Start it, correct the URL, or unset REDIS_URL to run on the embedded in-memory Redis.\n`,
    );
  });

  it.each([
    ['the embedded in-memory Redis', false, 'backend: embedded in-memory Redis'],
    ['the Redis at REDIS_URL', true, 'backend: Redis at redis://127.0.0.1:'],
  ])(
    'runs a small crowd on %s and passes its checks',
    { timeout: 120_000 },
    async (_, onRedis, backendLine) => {
      const url = onRedis ? { REDIS_URL: `redis://127.0.0.1:${String(inject('redisPort'))}` } : {};
      const run = await runDemo({
        ...url,
        DEMO_BUYERS: '1000',
        DEMO_STOCK: '20',
        DEMO_HOLD_MS: '1500',
      });
      // stderr carries the progress bar (cli-progress) and nothing else
      const other = run.stderr.split('\n').filter((line) => !/^(decisions .*)?$/.test(line.trim()));
      expect(other).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(backendLine);
      expect(run.stdout).toContain(
        '1,000 buy requests from 850 people for 80 units of 3 items (20 phone, 1 per buyer; ' +
          '40 case, 2 per buyer; 20 charger, 1 per buyer), at most 3 per buyer in all, 1.5 s to pay',
      );
      for (const check of [
        'oversold          0   (must be 0; phone 0, case 0, charger 0)',
        'over their limit  0   (must be 0; 3 per buyer in all, phone 1, case 2, charger 1)',
        'partial carts     0',
        'conservation      holds',
        "buyers' tally     agrees",
      ]) {
        expect(run.stdout).toContain(`  ${check}`);
      }
      expect(run.stdout).toMatch(/opening burst {5}660 requests decided in/);
      expect(run.stdout).toMatch(/the \d+ holds {3,}\d+ of them carts, each held whole/);
      // wrapped at any space
      expect(run.stdout).toMatch(/\d+\s+paid,\s+\d+\s+cancelled,\s+\d+\s+never\s+paid/);
      // the per-item table: each item's stock, nothing left held, no more sold than stocked
      for (const [item, stock] of [
        ['phone', 20],
        ['case', 40],
        ['charger', 20],
        ['all', 80],
      ] as const) {
        const row = new RegExp(`^  ${item} +${String(stock)} +(\\d+) +0 +(\\d+) `, 'm').exec(
          run.stdout,
        );
        expect(row, item).not.toBeNull();
        expect(Number(row?.[1]) + Number(row?.[2])).toBe(stock);
      }
      expect(run.stdout).not.toContain('NaN');
    },
  );
});
