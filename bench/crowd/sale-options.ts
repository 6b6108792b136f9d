/** The one place the crowd bench builds FlashSale options from a job's sale spec. */
import type { Redis } from 'ioredis';
import type { FlashSaleOptions } from '../../src/index.js';
import type { SaleSpec } from './protocol.js';

/** FlashSale options for `spec` on `redis` (a `null` bound is no bound: Infinity). */
export function saleOptions(redis: Redis, spec: SaleSpec): FlashSaleOptions {
  return {
    redis,
    saleId: spec.saleId,
    keyPrefix: spec.keyPrefix,
    rememberSoldOut: spec.rememberSoldOut,
    maxPendingPurchases: spec.maxPendingPurchases ?? Number.POSITIVE_INFINITY,
  };
}
