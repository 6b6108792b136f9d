/** Events per second an outbox backlog drains at, into a given sink. */
import type { Redis } from 'ioredis';
import { OutboxWorker, type OrderSink } from '../../src/index.js';
import { saleWithBacklog } from './backlog.js';

/** One delivery case. */
export interface DeliveryCase {
  readonly workers: number;
  readonly maxEventsPerWrite: number;
  readonly events: number;
}

/** Drains a fresh backlog of `events` with `workers` workers; returns events per second. */
export async function measureDelivery(
  redis: Redis,
  saleId: string,
  sink: OrderSink,
  { workers, maxEventsPerWrite, events }: DeliveryCase,
): Promise<number> {
  const sale = await saleWithBacklog(redis, saleId, events);
  const team = Array.from(
    { length: workers },
    () => new OutboxWorker({ sale, sink, maxEventsPerWrite }),
  );
  const started = performance.now();
  for (const worker of team) worker.start();
  const written = (): number => team.reduce((sum, worker) => sum + worker.stats().written, 0);
  while (written() < events) await new Promise((resolve) => setTimeout(resolve, 2));
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(team.map(async (worker) => worker.stop()));
  return events / seconds;
}
