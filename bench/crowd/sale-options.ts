/**
 * The one place the crowd bench builds FlashSale options, and the probe for
 * whether this build has load shedding (`maxPendingPurchases`): a build without
 * it refuses the unknown option with an InvalidArgumentError naming it, and the
 * bench then skips the shedding rows with a note.
 */
import type { Redis } from 'ioredis';
import { FlashSale, isInvalidArgumentError, type FlashSaleOptions } from '../../src/index.js';
import type { SaleSpec } from './protocol.js';

/** FlashSale options for `spec` on `redis`; `maxPendingPurchases` only when the spec bounds it. */
export function saleOptions(redis: Redis, spec: SaleSpec): FlashSaleOptions {
  const bound = spec.maxPendingPurchases ?? Number.POSITIVE_INFINITY;
  return {
    redis,
    saleId: spec.saleId,
    keyPrefix: spec.keyPrefix,
    rememberSoldOut: spec.rememberSoldOut,
    // passed as a plain record so the bench still compiles against a build without the option
    ...({ maxPendingPurchases: bound } as Record<string, unknown>),
  };
}

/** Whether this build accepts `maxPendingPurchases` (constructing a FlashSale calls no Redis). */
export function supportsShedding(redis: Redis): boolean {
  try {
    new FlashSale(
      saleOptions(redis, {
        saleId: 'probe',
        keyPrefix: 'probe:',
        rememberSoldOut: true,
        maxPendingPurchases: 64,
      }),
    );
    return true;
  } catch (error) {
    if (isInvalidArgumentError(error) && error.message.includes('maxPendingPurchases')) {
      return false;
    }
    throw error;
  }
}
