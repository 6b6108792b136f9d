/**
 * A child's closed loop: `callers` concurrent callers, each awaiting its answer
 * before it asks again (request handlers with a bounded number in flight), over
 * a given list of buyers or over fresh buyers for a time; every tryPurchase
 * timed on its own with performance.now().
 */
import type { FlashSale } from '../../src/index.js';
import { Histogram } from './histogram.js';
import type { ClosedLoopJob, ClosedLoopReport } from './protocol.js';
import { sleepUntil, wallNow } from './wall-clock.js';

/** Runs `job` on `sale` and reports what it saw. */
export async function runClosedLoop(
  sale: FlashSale,
  job: ClosedLoopJob,
): Promise<ClosedLoopReport> {
  const latency = new Histogram();
  const reasons: Record<string, number> = {};
  const reservedUsers: string[] = [];
  const firstErrors: string[] = [];
  let errors = 0;
  let decisions = 0;
  let allDecisions = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  let next = 0;
  let measuring = false;
  let until = Number.POSITIVE_INFINITY;
  const users = job.users;
  const nextUser = (): string | undefined => {
    if (users !== undefined) return users[next++];
    return performance.now() < until ? `${job.userPrefix}${String(next++)}` : undefined;
  };
  const caller = async (): Promise<void> => {
    for (let user = nextUser(); user !== undefined; user = nextUser()) {
      const started = performance.now();
      try {
        const result = await sale.tryPurchase(user);
        allDecisions++;
        if (!measuring) continue;
        latency.record(performance.now() - started);
        const at = wallNow();
        if (at < firstAt) firstAt = at;
        lastAt = at;
        decisions++;
        if (result.ok) reservedUsers.push(user);
        else reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
      } catch (error) {
        errors++;
        if (firstErrors.length < 3) firstErrors.push(String(error));
      }
    }
  };
  const runCallers = async (): Promise<void> => {
    await Promise.all(Array.from({ length: job.callers }, caller));
  };
  await sleepUntil(job.startAt);
  if (job.warmupMs !== undefined && users === undefined) {
    until = performance.now() + job.warmupMs;
    await runCallers();
  }
  measuring = true;
  until = performance.now() + (job.durationMs ?? 0);
  await runCallers();
  return {
    decisions,
    allDecisions,
    reasons,
    errors,
    firstErrors,
    reservedUsers,
    firstAt,
    lastAt,
    latency: latency.toData(),
  };
}
