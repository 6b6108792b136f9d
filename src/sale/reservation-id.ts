import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';

/**
 * A reservation id of this sale looks like `<saleId>:<sequence>`. Anything else
 * is refused before it reaches Redis; a well-formed id that does not exist is
 * reported by the operation itself.
 * @internal
 */
export function reservationId(saleId: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith(`${saleId}:`) ||
    !/^\d{1,15}$/.test(value.slice(saleId.length + 1))
  ) {
    throw new InvalidArgumentError(
      'reservationId',
      value,
      `a reservation id of sale ${JSON.stringify(saleId)} ("${saleId}:<number>")`,
    );
  }
  return value;
}
