import type { OrderEvent } from './order-event.js';

/**
 * An event the sink never accepted, kept in the sale's dead-letter stream for an
 * operator. Dead letters live as long as the sale's keys (`retainMs` after the
 * sale), so handle them within that time.
 * @group Results
 * @category Order pipeline
 */
export interface DeadLetter {
  /** The dead letter's own id (its entry id in the dead-letter stream). */
  readonly id: string;
  /** The event, or `null` when the outbox entry was not a hold event. */
  readonly event: OrderEvent | null;
  /** The event's entry id in the outbox stream. */
  readonly position: string;
  /** Attempts made before it was given up. */
  readonly attempts: number;
  /** The last failure, as the sink reported it. */
  readonly error: string;
  /** What happened to the hold when the event was given up. */
  readonly compensation: DeadLetterCompensation;
}

/**
 * What dead-lettering did to the hold of a `reserved` event the sink never
 * accepted: `released` (units and allowance are back, recorded as a `failed`
 * event), `already_released` (cancelled or expired before), `sold` (paid before
 * its order was written: settle it by hand), `unknown` (no such reservation any
 * more); `none` for the other events, whose holds had already ended.
 * @group Results
 * @category Order pipeline
 */
export type DeadLetterCompensation = 'released' | 'already_released' | 'sold' | 'unknown' | 'none';

/**
 * Which dead letters: those of one consumer group.
 * @group Options
 * @category Order pipeline
 */
export interface DeadLetterOptions {
  /**
   * The consumer group whose dead letters to read or remove.
   * @defaultValue `'orders'`
   */
  readonly group?: string;
}

/**
 * Options of {@link readDeadLetters}.
 * @group Options
 * @category Order pipeline
 */
export interface ReadDeadLettersOptions extends DeadLetterOptions {
  /**
   * Most dead letters to return.
   * @defaultValue `100`
   */
  readonly count?: number;
  /**
   * Return only dead letters after this {@link DeadLetter.id} (for paging).
   * @defaultValue none
   */
  readonly after?: string;
}
