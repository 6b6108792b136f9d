/**
 * One process of the reopen-delay bench: buys in a loop (yielding to the event
 * loop between attempts, as a server does between requests) and prints
 * `flagged` when its answers come from memory and `learned <ms>` (wall clock,
 * sub-ms) at its first purchase after that which asks Redis again.
 *
 *   tsx bench/sold-out/reopen-listener.ts <port> <saleId> <keyPrefix> <name>
 */
import { subscribe } from 'node:diagnostics_channel';
import { Redis } from 'ioredis';
import { DIAGNOSTIC_CHANNELS, FlashSale, type PurchaseMessage } from '../../src/index.js';

const [port, saleId, keyPrefix, name] = process.argv.slice(2);
const client = new Redis({ port: Number(port) });
// a long recheck: only a reopen message ends a remembered sell-out here
const sale = new FlashSale({
  redis: client,
  saleId: saleId ?? '',
  keyPrefix: keyPrefix ?? '',
  soldOutRecheckMs: 60_000,
});
const wallNow = (): number => performance.timeOrigin + performance.now();

let fromMemory = false;
let asking = 0;
subscribe(DIAGNOSTIC_CHANNELS.purchase, (message) => {
  const local = (message as PurchaseMessage).batchSize === 0;
  if (local && !fromMemory) {
    fromMemory = true;
    console.log('flagged');
  } else if (!local && fromMemory) {
    fromMemory = false;
    console.log(`learned ${String(asking)}`);
  }
});

process.stdin.on('end', () => {
  client.disconnect();
  process.exit(0);
});
process.stdin.resume();
for (let i = 0; ; i++) {
  asking = wallNow(); // when the purchase that turns out to ask Redis began
  await sale.tryPurchase(`${name ?? 'p'}-${String(i)}`);
  await new Promise((resolve) => setImmediate(resolve));
}
