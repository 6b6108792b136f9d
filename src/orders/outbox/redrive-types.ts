import type { DeadLetterCompensation, DeadLetterOptions } from './dead-letter-types.js';
import type { OrderEvent, OrderEventType } from './order-event.js';

/**
 * Which dead letters {@link redriveDeadLetters} puts back: given ids, those
 * matching a filter, or all of them.
 *
 * @example
 * ```ts
 * await redriveDeadLetters(sale, { ids: ['1790000000123-0'] });
 * await redriveDeadLetters(sale, { type: 'reserved', compensation: 'sold' });
 * await redriveDeadLetters(sale, { all: true });
 * ```
 * @group Options
 * @category Order pipeline
 */
export type DeadLetterSelection = DeadLetterIds | DeadLetterFilter | AllDeadLetters;

/**
 * Dead letters by id.
 * @group Options
 * @category Order pipeline
 */
export interface DeadLetterIds {
  /** The dead letters with these ids ({@link DeadLetter.id}). */
  readonly ids: readonly string[];
}

/**
 * Every dead letter of the group present when the call begins.
 * @group Options
 * @category Order pipeline
 */
export interface AllDeadLetters {
  /** Says so: `true`. */
  readonly all: true;
}

/**
 * Dead letters whose event matches every field given (at least one: to take
 * them all, say `{ all: true }`). A dead letter that holds no hold event matches
 * no filter.
 * @group Options
 * @category Order pipeline
 */
export interface DeadLetterFilter {
  /**
   * The event's type.
   * @defaultValue any
   */
  readonly type?: OrderEventType;
  /**
   * The event's reservation.
   * @defaultValue any
   */
  readonly reservationId?: string;
  /**
   * The event's buyer.
   * @defaultValue any
   */
  readonly userId?: string;
  /**
   * What dead-lettering did to the hold.
   * @defaultValue any
   */
  readonly compensation?: DeadLetterCompensation;
}

/**
 * Options of {@link redriveDeadLetters}.
 * @group Options
 * @category Order pipeline
 */
export type RedriveDeadLettersOptions = DeadLetterOptions;

/**
 * One dead letter put back into the outbox.
 * @group Results
 * @category Order pipeline
 */
export interface RedrivenEvent {
  /** The dead letter's id (it no longer exists). */
  readonly deadLetterId: string;
  /** The event, as the sink will receive it: same id, its new outbox entry as `position`. */
  readonly event: OrderEvent;
}

/**
 * What {@link redriveDeadLetters} did.
 * @group Results
 * @category Order pipeline
 */
export interface RedriveResult {
  /** How many dead letters this call put back into the outbox. */
  readonly count: number;
  /** Those dead letters, oldest first. */
  readonly redriven: readonly RedrivenEvent[];
  /**
   * Ids asked for that are not (or, by the time of the move, no longer) dead
   * letters of the group: unknown, removed, or re-driven by another call.
   */
  readonly missing: readonly string[];
  /**
   * Ids of dead letters left in place because they hold no hold event (an outbox
   * entry that was never one): re-driven, they would only be dead-lettered again.
   * Remove them with {@link removeDeadLetters}.
   */
  readonly skipped: readonly string[];
}
