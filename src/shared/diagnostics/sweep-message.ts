import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import { publisher } from './publisher.js';

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.sweep` once per sale per sweep of an
 * {@link ExpirySweeper}.
 * @group Diagnostics
 */
export interface SweepMessage {
  /** The sale. */
  readonly saleId: string;
  /** False when another process leads this sale's sweeping (nothing was swept here). */
  readonly led: boolean;
  /** Holds released as expired by this sweep. */
  readonly released: number;
  /**
   * For each released hold, how long after its deadline it was released, in
   * milliseconds of Redis's clock (`endedAtMs - deadlineMs`), so app servers with
   * skewed clocks report the same.
   */
  readonly delaysMs: readonly number[];
  /** The error's `name` when the sweep of this sale failed part way; otherwise `null`. */
  readonly error: string | null;
  /** Milliseconds the sweep of this sale took (`performance.now()`). */
  readonly durationMs: number;
}

/** @internal */
export const sweepChannel = publisher<SweepMessage>(DIAGNOSTIC_CHANNELS.sweep);
