/**
 * npm run demo — a flash crowd of 20,000 buy requests for a drop of three items:
 * 100 phones (1 per buyer), 200 cases (up to 2) and 100 chargers (1), at most 3
 * units per buyer in all. Buyers send single lines and carts (drop.ts); the audit
 * checks every item from the sale's numbers and from the buyers' own tally, and
 * the exit code is 0 only when every check passes.
 *
 *   npm run demo                               # on an embedded in-memory Redis
 *   REDIS_URL=redis://host:6379 npm run demo   # on that Redis, or an error
 *   DEMO_BUYERS=5000 DEMO_STOCK=50 DEMO_HOLD_MS=3000 npm run demo
 *
 * DEMO_BUYERS  buy requests in the crowd (default 20,000)
 * DEMO_STOCK   phones; cases are twice that, chargers the same (default 100)
 * DEMO_HOLD_MS the payment window (default 8000 embedded, 2000 on a real Redis)
 * REDIS_URL    a real Redis; the demo's keys live under a fresh prefix and are
 *              deleted at the end (nothing else is touched)
 */
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { ExpirySweeper, FlashSale } from '../../src/index.js';
import { saleKeys } from '../../src/sale/sale-keys.js';
import { auditPassed, auditSale } from './audit.js';
import { connectDemoBackend, DemoBackendError, type DemoBackend } from './connect.js';
import { runCrowd, type CrowdPlan } from './crowd.js';
import { dropItems, SALE_LIMIT } from './drop.js';
import { DemoOptionError, demoOptions, type DemoOptions } from './options.js';
import { printReport } from './report.js';

/**
 * The payment window when DEMO_HOLD_MS is not set. The embedded Redis runs each
 * script call to the end inside this process, so a burst's answers reach their
 * buyers only once the whole burst is decided (4–7 s for 13,200 requests, carts
 * and single lines, on a 2-core machine): its buyers get a window that still
 * leaves them time to pay, and the report says how many timers fired too late.
 */
const DEFAULT_HOLD_MS = { redis: 2000, embedded: 8000 } as const;

/** Runs the demo; resolves with the exit code. */
async function main(options: DemoOptions): Promise<number> {
  const backend = await connectDemoBackend(options.redisUrl);
  const holdMs =
    options.holdMs ?? (backend.embedded ? DEFAULT_HOLD_MS.embedded : DEFAULT_HOLD_MS.redis);
  const plan: CrowdPlan = {
    buyers: options.buyers,
    distinctUsers: Math.max(1, Math.round(options.buyers * 0.85)), // some people try twice
    burstShare: 0.6,
    waves: 5,
    waveGapMs: Math.round(holdMs * 0.3),
    payShare: 0.55,
    cancelShare: 0.15,
    payWithinShare: 0.75,
  };
  const items = dropItems(options.stock);
  const units = items.reduce((sum, item) => sum + item.stock, 0);
  const offered = items
    .map((item) => `${fmt(item.stock)} ${item.id}, ${String(item.perUserLimit)} per buyer`)
    .join('; ');
  console.log(
    `flash-sale demo: ${fmt(plan.buyers)} buy requests from ${fmt(plan.distinctUsers)} people for ${fmt(units)} units of ${String(items.length)} items (${offered}), at most ${String(SALE_LIMIT)} per buyer in all, ${seconds(holdMs)} to pay`,
  );
  console.log(`backend: ${backend.description}\n`);

  const prefix = `flash-sale-demo:${randomUUID().slice(0, 8)}:`;
  const sale = new FlashSale({ redis: backend.redis, saleId: 'demo', keyPrefix: prefix });
  await sale.preload({
    items,
    perUserLimit: SALE_LIMIT,
    holdMs,
    retainMs: 60_000,
  });
  // A sweeper, as every deployment runs one: unpaid holds go back on sale.
  const sweeper = new ExpirySweeper({
    sales: [sale],
    intervalMs: 100,
    onError: (error) => {
      console.error(`sweep failed: ${String(error)}`);
    },
  });
  sweeper.start();

  const bar = new SingleBar(
    {
      format: 'decisions {bar} {percentage}% | {value}/{total} | sold {sold} held {held}',
      hideCursor: true,
      noTTYOutput: true, // in CI logs too, one line a second
      notTTYSchedule: 1000,
    },
    Presets.shades_classic,
  );
  bar.start(plan.buyers + Math.ceil(plan.buyers / 10), 0, { sold: 0, held: 0 });
  const refresh = setInterval(() => {
    sale.stats().then(
      (s) => {
        bar.update({ sold: s.sold, held: s.held });
      },
      () => undefined, // the progress line just skips a beat
    );
  }, 200);
  const tally = await runCrowd(sale, plan, () => {
    bar.increment();
  });
  // The crowd has gone and every payer has acted; the last holds end at their
  // deadlines, and the sweeper returns them.
  while ((await sale.stats()).held > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  await sweeper.stop();
  clearInterval(refresh);
  bar.stop();

  const audit = await auditSale(
    sale,
    items.map((item) => item.id),
    tally,
  );
  printReport({ holdMs, plan, tally, audit, embedded: backend.embedded });
  await deleteDemoKeys(backend.redis, prefix);
  backend.redis.disconnect();
  return auditPassed(audit) ? 0 : 1;
}

/**
 * Deletes every key under the demo's own prefix: the sale's keys and the short-lived
 * answers its calls keep for re-sent copies. On a shared Redis nothing else is touched.
 */
async function deleteDemoKeys(redis: DemoBackend['redis'], prefix: string): Promise<void> {
  await redis.del(...saleKeys(prefix, 'demo').all);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number): string => `${String(ms / 1000)} s`;

try {
  process.exitCode = await main(demoOptions(process.env));
} catch (error) {
  if (!(error instanceof DemoOptionError || error instanceof DemoBackendError)) throw error;
  console.error(`flash-sale demo: ${error.message}`);
  process.exitCode = error instanceof DemoOptionError ? 2 : 1;
}
