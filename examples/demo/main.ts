/**
 * npm run demo — a flash crowd of 20,000 buyers for 100 units.
 *
 *   REDIS_URL=redis://host:6379 npm run demo   # default: redis://127.0.0.1:6379,
 *                                              # or an embedded in-memory Redis
 *   DEMO_BUYERS=5000 npm run demo              # a smaller crowd
 */
import { randomUUID } from 'node:crypto';
import { SingleBar, Presets } from 'cli-progress';
import { ExpirySweeper, FlashSale } from '../../src/index.js';
import { saleKeys } from '../../src/keys/sale-keys.js';
import { auditSale } from './audit.js';
import { connectDemoBackend } from './connect.js';
import { runCrowd, type CrowdPlan } from './crowd.js';

const STOCK = 100;
const HOLD_MS = 2000;
const BUYERS = Number(process.env['DEMO_BUYERS'] ?? 20_000);
const plan: CrowdPlan = {
  buyers: BUYERS,
  distinctUsers: Math.round(BUYERS * 0.85), // some people try twice
  burstShare: 0.6,
  waves: 5,
  waveGapMs: 600,
  payShare: 0.55,
  cancelShare: 0.15,
  payDelayMaxMs: 1500,
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

const backend = await connectDemoBackend();
console.log(
  `flash-sale demo: ${fmt(BUYERS)} buyers, ${String(STOCK)} units, limit 1 per buyer, ${String(HOLD_MS / 1000)} s to pay`,
);
console.log(`backend: ${backend.description}\n`);

const prefix = `flash-sale-demo:${randomUUID().slice(0, 8)}:`;
const sale = new FlashSale({ redis: backend.redis, saleId: 'demo', keyPrefix: prefix });
await sale.preload({ stock: STOCK, perUserLimit: 1, holdMs: HOLD_MS, retainMs: 60_000 });

// A sweeper, as every deployment runs one: unpaid holds go back on sale.
const sweeper = new ExpirySweeper({
  sales: [sale],
  intervalMs: 100,
  onError: (error) => {
    console.error(`sweep failed: ${String(error)}`);
  },
});
sweeper.start();

const expectedDecisions = BUYERS + Math.ceil(BUYERS / 10);
const bar = new SingleBar(
  {
    format: 'decisions {bar} {percentage}% | {value}/{total} | sold {sold} held {held}',
    hideCursor: true,
    noTTYOutput: true, // in CI logs too, one line a second
    notTTYSchedule: 1000,
  },
  Presets.shades_classic,
);
bar.start(expectedDecisions, 0, { sold: 0, held: 0 });
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
// Let the last holds run out, then sweep what is overdue.
await new Promise((resolve) => setTimeout(resolve, HOLD_MS + (backend.embedded ? 2000 : 200)));
await sweeper.stop();
clearInterval(refresh);
await sweeper.sweep(); // whatever came due since the last sweep
bar.stop();

const audit = await auditSale(sale, tally.winners);
// Every reservation (one unit each) ended sold, released, or is still held.
const released = tally.reservations - audit.stats.sold - audit.stats.held;
const expired = released - tally.cancelled - tally.paymentRefused;
const resold = released - audit.stats.available;
console.log(`
outcome
  sold (paid)                      ${fmt(audit.stats.sold)} of ${String(STOCK)}
  still available                  ${fmt(audit.stats.available)}
  released back to stock           ${fmt(released)}  (cancelled ${fmt(tally.cancelled)}, expired unpaid ${fmt(expired)}, paid too late and refused ${fmt(tally.paymentRefused)})
  released and sold again          ${fmt(resold)}
  reservations made                ${fmt(tally.reservations)}
  double-clicks answered by replay ${fmt(tally.replayed)}
  rejected                         ${Object.entries(tally.rejected)
    .map(([reason, n]) => `${reason} ${fmt(n)}`)
    .join(', ')}
  oversold                         ${String(audit.oversold)}   (must be 0)
  buyers over their limit          ${String(audit.usersOverLimit)}   (must be 0)
  conservation                     ${audit.conserved ? 'holds' : 'BROKEN'}   (available + held + sold = stock)
  decisions per second             ${fmt(tally.burstDecisions / (tally.burstMs / 1000))}   (opening burst of ${fmt(tally.burstDecisions)} decisions, one Node process)
`);

await backend.redis.del(...saleKeys(prefix, 'demo').all);
backend.redis.disconnect();
process.exitCode = audit.oversold === 0 && audit.usersOverLimit === 0 && audit.conserved ? 0 : 1;
