/**
 * A child's open loop: purchases sent on a fixed-interval schedule whatever
 * happens to the ones already sent (buyers do not wait for each other), for a
 * window; then answers still due are awaited up to a cut-off. Latency runs from
 * a purchase's scheduled send time, so time spent queued (in this process's
 * event loop, the batcher or Redis) counts.
 */
import type { FlashSale } from '../../src/index.js';
import { Histogram } from './histogram.js';
import type { OpenLoopJob, OpenLoopReport } from './protocol.js';
import { sleepUntil } from './wall-clock.js';

// a 1 ms timer between rounds of sends, not a setImmediate spin: a spinning sender
// would take the CPU the other processes and Redis need on a small machine
const nextTick = async (): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, 1);
  });

/** Runs `job` on `sale` and reports what it saw. */
export async function runOpenLoop(sale: FlashSale, job: OpenLoopJob): Promise<OpenLoopReport> {
  const latency = new Histogram();
  const firstErrors: string[] = [];
  const intervalMs = 1000 / job.ratePerS;
  let sent = 0;
  let admitted = 0;
  let admittedInWindow = 0;
  let shed = 0;
  let errors = 0;
  let pending = 0;
  let cutOff = false;
  let maxSendLagMs = 0;
  const pendingSince = new Map<number, number>();

  await sleepUntil(job.startAt);
  const start = performance.now();
  const windowEnd = start + job.durationMs;
  const send = (index: number, scheduled: number): void => {
    pending++;
    pendingSince.set(index, scheduled);
    sale.tryPurchase(`${job.userPrefix}${String(index)}`).then(
      (result) => {
        if (cutOff) return;
        pending--;
        pendingSince.delete(index);
        const now = performance.now();
        if (!result.ok && result.reason === 'busy') {
          shed++;
          return;
        }
        admitted++;
        if (now <= windowEnd) admittedInWindow++;
        latency.record(now - scheduled);
      },
      (error: unknown) => {
        if (cutOff) return;
        pending--;
        pendingSince.delete(index);
        errors++;
        if (firstErrors.length < 3) firstErrors.push(String(error));
      },
    );
  };
  for (let now = performance.now(); now < windowEnd; now = performance.now()) {
    // every purchase whose time has come, each stamped with its own scheduled time
    const due = Math.min(Math.floor((now - start) / intervalMs) + 1, job.durationMs / intervalMs);
    for (; sent < due; sent++) {
      const scheduled = start + sent * intervalMs;
      if (now - scheduled > maxSendLagMs) maxSendLagMs = now - scheduled;
      send(sent, scheduled);
    }
    await nextTick();
  }
  const drainEnd = performance.now() + job.drainMs;
  while (pending > 0 && performance.now() < drainEnd) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  cutOff = true;
  const now = performance.now();
  for (const scheduled of pendingSince.values()) latency.record(now - scheduled);
  return {
    sent,
    admittedInWindow,
    admitted,
    shed,
    errors,
    firstErrors,
    unanswered: pending,
    latency: latency.toData(),
    maxSendLagMs,
  };
}
