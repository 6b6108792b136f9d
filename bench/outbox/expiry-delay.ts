/**
 * How long after its deadline an unpaid hold's units are back in stock, with a
 * sweeper running while buyers keep arriving and a worker delivers the outbox.
 * Both ends are read on Redis's clock: the deadline, and the `expired` event's time
 * (the moment the release happened), as the sink receives them.
 */
import type { Redis } from 'ioredis';
import { ExpirySweeper, FlashSale, OutboxWorker, type OrderSink } from '../../src/index.js';
import { buyers } from './backlog.js';

/** Percentiles of the delay from deadline to return, in ms. */
export interface ExpiryDelay {
  readonly holds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Makes `holds` holds of `holdMs` spread over about two seconds, none paid, and times their return. */
export async function measureExpiryDelay(
  redis: Redis,
  saleId: string,
  intervalMs: number,
  holds: number,
  holdMs = 1_000,
): Promise<ExpiryDelay> {
  const sale = new FlashSale({ redis, saleId, keyPrefix: 'bench:' });
  await sale.preload({ stock: holds, perUserLimit: 1, holdMs });
  const delays: number[] = [];
  const sink: OrderSink = {
    write: async (events) => {
      for (const event of events) {
        if (event.type === 'expired') delays.push(event.atMs - event.deadlineMs);
      }
      return Promise.resolve();
    },
  };
  const worker = new OutboxWorker({ sale, sink });
  const sweeper = new ExpirySweeper({ sales: [sale], intervalMs });
  worker.start();
  sweeper.start();
  const waves = 20;
  for (let wave = 0; wave < waves; wave++) {
    const per = Math.ceil(holds / waves);
    await buyers(sale, wave * per, Math.min(per, holds - wave * per));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  while (delays.length < holds) await new Promise((resolve) => setTimeout(resolve, 20));
  await sweeper.stop();
  await worker.stop();
  const sorted = [...delays].sort((a, b) => a - b);
  return {
    holds,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
  };
}
