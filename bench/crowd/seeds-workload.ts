/**
 * Part 1: the seeds' flash sale. 1,000 units, at most 1 per buyer, 40,000
 * purchase attempts by 20,000 distinct buyers (each tries twice, attempts
 * shuffled and split across the processes, so a buyer's two tries usually race
 * from different processes), fired as fast as the processes answer. Then the
 * outcome is checked exactly, from the answers and from Redis's own records.
 */
import type { Redis } from 'ioredis';
import { FlashSale } from '../../src/index.js';
import { mergeHistograms, type HistogramData } from './histogram.js';
import type { Crowd } from './processes.js';
import type { ClosedLoopReport } from './protocol.js';
import { measureRedisCpu, type RedisCpu } from './redis-cpu.js';
import { shuffled } from './shuffle.js';

export const UNITS = 1000;
export const BUYERS = 20_000;
export const ATTEMPTS = 40_000;

/** What part 1 measured, and every way its outcome broke the rules (none, when correct). */
export interface SeedsOutcome {
  readonly decisions: number;
  readonly decisionsPerS: number;
  readonly latency: HistogramData;
  readonly cpu: RedisCpu;
  readonly reserved: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly violations: readonly string[];
}

async function holdsPerUser(sale: FlashSale): Promise<Map<string, number>> {
  const perUser = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await sale.heldReservations({ limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const hold of page.holds) perUser.set(hold.userId, (perUser.get(hold.userId) ?? 0) + 1);
    cursor = page.cursor ?? undefined;
  } while (cursor !== undefined);
  return perUser;
}

/** Runs part 1 against `saleId` (preloaded here) with `callers` per process. */
export async function runSeedsWorkload(
  redis: Redis,
  crowd: Crowd,
  saleId: string,
  callers: number,
): Promise<SeedsOutcome> {
  const keyPrefix = 'crowd:';
  const sale = new FlashSale({ redis, saleId, keyPrefix });
  await sale.preload({ stock: UNITS, perUserLimit: 1, holdMs: 3_600_000 });
  const buyers = Array.from({ length: BUYERS }, (_, i) => `buyer-${String(i)}`);
  const attempts = shuffled([...buyers, ...buyers], 11);
  const share = Math.ceil(ATTEMPTS / crowd.size);
  const [reports, cpu] = await measureRedisCpu(redis, () =>
    crowd.run<ClosedLoopReport>((index, startAt) => ({
      kind: 'closed',
      sale: { saleId, keyPrefix, rememberSoldOut: true, maxPendingPurchases: null },
      callers,
      startAt,
      users: attempts.slice(index * share, (index + 1) * share),
      userPrefix: '',
    })),
  );

  const violations: string[] = [];
  const reasons: Record<string, number> = {};
  for (const report of reports) {
    for (const [reason, n] of Object.entries(report.reasons))
      reasons[reason] = (reasons[reason] ?? 0) + n;
    if (report.errors > 0)
      violations.push(`${String(report.errors)} errors: ${report.firstErrors.join('; ')}`);
  }
  const decisions = reports.reduce((sum, report) => sum + report.decisions, 0);
  const reservedUsers = reports.flatMap((report) => report.reservedUsers);
  const answered = new Map<string, number>();
  for (const user of reservedUsers) answered.set(user, (answered.get(user) ?? 0) + 1);
  if (decisions !== ATTEMPTS)
    violations.push(`${String(decisions)} decisions, not ${String(ATTEMPTS)}`);
  if (reservedUsers.length !== UNITS)
    violations.push(`${String(reservedUsers.length)} reserved, not ${String(UNITS)}`);
  for (const [user, n] of answered)
    if (n > 1) violations.push(`${user} was answered ${String(n)} reservations`);
  for (const reason of Object.keys(reasons)) {
    if (reason !== 'sold_out' && reason !== 'limit_reached')
      violations.push(`unexpected refusal '${reason}'`);
  }

  // Redis's own records: the counters and every hold, by buyer
  const stats = await sale.stats();
  if (stats.held + stats.sold !== UNITS || stats.available !== 0 || stats.loaded !== UNITS) {
    violations.push(
      `stats: loaded ${String(stats.loaded)}, available ${String(stats.available)}, held ${String(stats.held)}, sold ${String(stats.sold)}`,
    );
  }
  const recorded = await holdsPerUser(sale);
  const recordedHolds = [...recorded.values()].reduce((sum, n) => sum + n, 0);
  if (recordedHolds !== UNITS)
    violations.push(`${String(recordedHolds)} hold records, not ${String(UNITS)}`);
  for (const [user, n] of recorded)
    if (n > 1) violations.push(`${user} holds ${String(n)} in Redis`);
  for (const user of answered.keys())
    if (!recorded.has(user))
      violations.push(`${user} was answered a reservation Redis does not hold`);

  const firstAt = Math.min(...reports.map((report) => report.firstAt));
  const lastAt = Math.max(...reports.map((report) => report.lastAt));
  return {
    decisions,
    decisionsPerS: decisions / ((lastAt - firstAt) / 1000),
    latency: mergeHistograms(reports.map((report) => report.latency)),
    cpu,
    reserved: reservedUsers.length,
    reasons,
    violations,
  };
}
