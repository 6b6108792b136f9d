import { DIAGNOSTIC_CHANNELS } from './channel-names.js';
import type { MessageLine } from './purchase-message.js';
import { publisher } from './publisher.js';

/**
 * The operations a {@link TransitionMessage} reports.
 * @group Diagnostics
 */
export type TransitionOperation = 'confirm' | 'cancel' | 'extend';

/**
 * What a confirm, cancel or extend did:
 * - `changed`: this call changed the hold (sold it, released it, extended it, or
 *   found it overdue and released it as expired: see {@link TransitionMessage.state});
 * - `unchanged`: a repeat of a call already done (same answer, nothing written);
 * - `refused`: a typed refusal, nothing written (unknown reservation, already
 *   released or sold, beyond the extension limit);
 * - `error`: bad input, Redis failing, damaged data.
 * @group Diagnostics
 */
export type TransitionOutcome = 'changed' | 'unchanged' | 'refused' | 'error';

/**
 * Published on {@link DIAGNOSTIC_CHANNELS}`.transition` once per
 * {@link FlashSale.confirm}, {@link FlashSale.cancel} and {@link FlashSale.extend}
 * call, a malformed reservation id included (the order pipeline's compensations
 * are cancels too). A cancel refused for its `reason` option publishes nothing.
 * @group Diagnostics
 */
export interface TransitionMessage {
  /** The sale. */
  readonly saleId: string;
  /** Which call. */
  readonly operation: TransitionOperation;
  /** The reservation id as given (`''` when it was not a string). */
  readonly reservationId: string;
  /** What the call did. */
  readonly outcome: TransitionOutcome;
  /** The reservation's state after the call, when Redis returned its record; otherwise `null`. */
  readonly state: 'held' | 'sold' | 'released' | null;
  /** Why it is released, when `state` is `'released'`; otherwise `null`. */
  readonly releaseReason: 'cancelled' | 'expired' | 'failed' | null;
  /** Units of the reservation, when its record is known; otherwise `0`. */
  readonly quantity: number;
  /** The reservation's lines, when its record is known; otherwise empty. */
  readonly lines: readonly MessageLine[];
  /** The error's `name` when the call threw; otherwise `null`. */
  readonly error: string | null;
  /** Milliseconds from the call to its answer (`performance.now()`). */
  readonly latencyMs: number;
}

/** @internal */
export const transitionChannel = publisher<TransitionMessage>(DIAGNOSTIC_CHANNELS.transition);
