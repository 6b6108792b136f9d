/** A sale with a backlog of outbox events, made as fast as the library allows. */
import type { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';

/** Preloads `saleId` and makes `count` one-unit reservations by distinct buyers. */
export async function saleWithBacklog(
  redis: Redis,
  saleId: string,
  count: number,
  holdMs = 3_600_000,
): Promise<FlashSale> {
  const sale = new FlashSale({ redis, saleId, keyPrefix: 'bench:' });
  await sale.preload({ stock: count, perUserLimit: 1, holdMs });
  await buyers(sale, 0, count);
  return sale;
}

/** Buys one unit each for users `from` … `from + count − 1`, 1,000 requests in flight. */
export async function buyers(sale: FlashSale, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 1000) {
    const end = Math.min(from + count, start + 1000);
    const calls = [];
    for (let user = start; user < end; user++)
      calls.push(sale.tryPurchase(`buyer-${String(user)}`));
    for (const result of await Promise.all(calls)) {
      if (!result.ok) throw new Error(`bench purchase refused: ${result.reason}`);
    }
  }
}
