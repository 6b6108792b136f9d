/**
 * tryPurchase decisions per second, and this Node process's CPU time per
 * decision (`process.cpuUsage`, user + system), with a given observer listening.
 * The CPU figure is the steadier one on a busy machine: Redis's share of the
 * work and the scheduler's noise fall outside it.
 */
import { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';
import { deleteKeys } from '../delete-keys.js';
import { observe, type Observer } from './observers.js';

/** What one measured run gave. */
export interface ObservedRate {
  readonly rate: number;
  readonly cpuUsPerDecision: number;
}

let runs = 0;

/** `concurrency` callers buy for `durationMs` (after a warm-up) with `observer` listening. */
export async function measureObservedRate(
  port: number,
  observer: Observer,
  concurrency: number,
  durationMs: number,
): Promise<ObservedRate> {
  const client = new Redis({ port });
  const saleId = `bench-diag-${String(process.pid)}-${String(runs++)}`;
  const sale = new FlashSale({ redis: client, saleId, keyPrefix: 'bench:' });
  await sale.preload({ stock: 1_000_000_000, perUserLimit: 1_000_000, holdMs: 600_000 });
  const stop = observe(observer);
  try {
    let decisions = 0;
    let next = 0;
    const run = async (ms: number): Promise<void> => {
      const until = performance.now() + ms;
      const caller = async (): Promise<void> => {
        while (performance.now() < until) {
          await sale.tryPurchase(`user-${String(next++ % 1_000_000)}`);
          decisions++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, caller));
    };
    await run(Math.min(300, durationMs / 4)); // warm-up: script load, JIT
    decisions = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(durationMs);
    const elapsedMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    return {
      rate: decisions / (elapsedMs / 1000),
      cpuUsPerDecision: (used.user + used.system) / decisions,
    };
  } finally {
    stop();
    await deleteKeys(client, `bench:{${saleId}}:*`);
    client.disconnect();
  }
}
