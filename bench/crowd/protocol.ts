/**
 * What the crowd bench's parent sends its child processes (one JSON line per
 * job on stdin) and what each child answers (one JSON line on stdout).
 */
import type { HistogramData } from './histogram.js';

/** The FlashSale a job runs against (created fresh by the child for the job). */
export interface SaleSpec {
  readonly saleId: string;
  readonly keyPrefix: string;
  readonly rememberSoldOut: boolean;
  /** `null`: no bound (Infinity; JSON has no Infinity). */
  readonly maxPendingPurchases: number | null;
}

/** Closed loop: `callers` concurrent callers, each awaiting its answer before asking again. */
export interface ClosedLoopJob {
  readonly kind: 'closed';
  readonly sale: SaleSpec;
  readonly callers: number;
  /** Wall-clock ms at which every process starts, so they start together. */
  readonly startAt: number;
  /** Buy for these users, each once, in this order; or, when absent, fresh users for `durationMs`. */
  readonly users?: readonly string[];
  readonly durationMs?: number;
  /** Unmeasured purchases before the measured ones (the sold-out memory warms up). */
  readonly warmupMs?: number;
  /** Fresh-user names start with this. */
  readonly userPrefix: string;
}

/** Open loop: purchases sent on a fixed schedule, never waiting for answers. */
export interface OpenLoopJob {
  readonly kind: 'open';
  readonly sale: SaleSpec;
  readonly ratePerS: number;
  readonly durationMs: number;
  /** After the window, how long to wait for answers still due before cutting off. */
  readonly drainMs: number;
  readonly startAt: number;
  readonly userPrefix: string;
}

/** A job for one child. */
export type Job = ClosedLoopJob | OpenLoopJob;

/** One child's answer to a closed-loop job. */
export interface ClosedLoopReport {
  readonly decisions: number;
  /** Warm-up decisions too (what Redis's counters, reset before the warm-up, saw). */
  readonly allDecisions: number;
  readonly reasons: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  /** Users that got a reservation, one entry per reservation. */
  readonly reservedUsers: readonly string[];
  /** Wall-clock ms of the first and the last measured decision. */
  readonly firstAt: number;
  readonly lastAt: number;
  readonly latency: HistogramData;
}

/** One child's answer to an open-loop job. */
export interface OpenLoopReport {
  readonly sent: number;
  /** Answered by Redis (any answer but `busy`) within the window. */
  readonly admittedInWindow: number;
  readonly admitted: number;
  readonly shed: number;
  readonly errors: number;
  readonly firstErrors: readonly string[];
  /** Still unanswered at the cut-off; counted in `latency` at their age then (a lower bound). */
  readonly unanswered: number;
  /** Of admitted purchases, from scheduled send to answer. */
  readonly latency: HistogramData;
  /** How late the schedule ran: ms from a purchase's scheduled time to its actual send (max). */
  readonly maxSendLagMs: number;
}
