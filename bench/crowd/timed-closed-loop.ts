/**
 * A closed loop over fresh buyers for a fixed time in every process at once,
 * after an unmeasured warm-up: used for the sold-out phase and for the capacity
 * that sizes the overload rows.
 */
import type { Redis } from 'ioredis';
import { mergeHistograms, type HistogramData } from './histogram.js';
import type { Crowd } from './processes.js';
import type { ClosedLoopReport, SaleSpec } from './protocol.js';
import { measureRedisCpu, type RedisCpu } from './redis-cpu.js';

/** All processes' answers to one timed closed loop, merged. */
export interface TimedRun {
  readonly decisions: number;
  /** Warm-up decisions included: what Redis's counters saw. */
  readonly allDecisions: number;
  /** Decisions from the first to the last, wall clock, all processes together. */
  readonly decisionsPerS: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly latency: HistogramData;
  readonly cpu: RedisCpu;
}

/** Runs `callers` per process on `sale` for `durationMs` (after `warmupMs`), fresh buyers named `tag…`. */
export async function runTimedClosedLoop(
  redis: Redis,
  crowd: Crowd,
  sale: SaleSpec,
  options: { callers: number; durationMs: number; warmupMs: number; tag: string },
): Promise<TimedRun> {
  const [reports, cpu] = await measureRedisCpu(redis, () =>
    crowd.run<ClosedLoopReport>((index, startAt) => ({
      kind: 'closed',
      sale,
      callers: options.callers,
      startAt,
      durationMs: options.durationMs,
      warmupMs: options.warmupMs,
      userPrefix: `${options.tag}-p${String(index)}-`,
    })),
  );
  const reasons: Record<string, number> = {};
  for (const report of reports) {
    for (const [reason, n] of Object.entries(report.reasons)) {
      reasons[reason] = (reasons[reason] ?? 0) + n;
    }
  }
  const decisions = reports.reduce((sum, report) => sum + report.decisions, 0);
  const firstAt = Math.min(...reports.map((report) => report.firstAt));
  const lastAt = Math.max(...reports.map((report) => report.lastAt));
  return {
    decisions,
    allDecisions: reports.reduce((sum, report) => sum + report.allDecisions, 0),
    decisionsPerS: decisions / ((lastAt - firstAt) / 1000),
    reasons,
    errors: reports.reduce((sum, report) => sum + report.errors, 0),
    latency: mergeHistograms(reports.map((report) => report.latency)),
    cpu,
  };
}
