/**
 * Part 2: overload, open loop. Every process offers purchases at a fixed rate
 * (a share of 1× or 10× the measured capacity) on a sale with stock to spare,
 * for a window, not waiting for answers; with shedding off (no bound on
 * purchases waiting for Redis) and on (`maxPendingPurchases` bounds).
 */
import type { Crowd } from './processes.js';
import { mergeHistograms, type HistogramData } from './histogram.js';
import type { OpenLoopReport, SaleSpec } from './protocol.js';

/** One overload row, all processes together. */
export interface OverloadRow {
  readonly offeredPerS: number;
  readonly admittedPerS: number;
  readonly shedPerS: number;
  readonly admitted: number;
  readonly unanswered: number;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  readonly maxSendLagMs: number;
  readonly latency: HistogramData;
}

/** Offers `totalRatePerS` (split evenly over the processes) to a fresh sale for `durationMs`. */
export async function runOverload(
  crowd: Crowd,
  sale: SaleSpec,
  totalRatePerS: number,
  durationMs: number,
  drainMs: number,
): Promise<OverloadRow> {
  const reports = await crowd.run<OpenLoopReport>((index, startAt) => ({
    kind: 'open',
    sale,
    ratePerS: totalRatePerS / crowd.size,
    durationMs,
    drainMs,
    startAt,
    userPrefix: `${sale.saleId}-p${String(index)}-`,
  }));
  const sum = (pick: (report: OpenLoopReport) => number): number =>
    reports.reduce((total, report) => total + pick(report), 0);
  const seconds = durationMs / 1000;
  return {
    offeredPerS: sum((r) => r.sent) / seconds,
    admittedPerS: sum((r) => r.admittedInWindow) / seconds,
    shedPerS: sum((r) => r.shed) / seconds,
    admitted: sum((r) => r.admitted),
    unanswered: sum((r) => r.unanswered),
    errors: sum((r) => r.errors),
    firstErrors: reports.flatMap((r) => r.firstErrors).slice(0, 3),
    maxSendLagMs: Math.max(...reports.map((r) => r.maxSendLagMs)),
    latency: mergeHistograms(reports.map((r) => r.latency)),
  };
}
