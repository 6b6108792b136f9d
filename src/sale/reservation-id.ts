import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { RANDOM_TOKEN, randomToken } from './random-token.js';

/** A new reservation id of this sale: `<saleId>:<16 random base64url characters>`. @internal */
export function newReservationId(saleId: string): string {
  return `${saleId}:${randomToken()}`;
}

/**
 * A reservation id of this sale looks like `<saleId>:<16 base64url characters>`.
 * Anything else is refused before it reaches Redis; a well-formed id that does
 * not exist is reported by the operation itself.
 * @internal
 */
export function reservationId(saleId: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith(`${saleId}:`) ||
    !RANDOM_TOKEN.test(value.slice(saleId.length + 1))
  ) {
    throw new InvalidArgumentError(
      'reservationId',
      value,
      `a reservation id of sale ${JSON.stringify(saleId)} ("${saleId}:" and 16 characters A-Z a-z 0-9 _ -)`,
    );
  }
  return value;
}
