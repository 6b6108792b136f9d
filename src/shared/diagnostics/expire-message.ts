import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import { publisher } from './publisher.js';

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.expire` once per
 * {@link FlashSale.expire} call (an {@link ExpirySweeper} makes them too).
 * @group Diagnostics
 */
export interface ExpireMessage {
  /** The sale. */
  readonly saleId: string;
  /** Holds this call released as expired. */
  readonly released: number;
  /** Units those holds returned to stock. */
  readonly units: number;
  /** True when overdue holds remain (the caller calls again). */
  readonly more: boolean;
  /** The error's `name` when the call threw; otherwise `null`. */
  readonly error: string | null;
  /** Milliseconds from the call to its answer (`performance.now()`). */
  readonly latencyMs: number;
}

/** @internal */
export const expireChannel = publisher<ExpireMessage>(DIAGNOSTIC_CHANNELS.expire);
