/**
 * A micro-bench of the publish path alone, no Redis: what one purchase costs the
 * batcher for diagnostics (the `hasSubscribers` check, the clock reads, the
 * message and its delivery), in nanoseconds, with each observer listening.
 */
import {
  publishPurchase,
  purchaseStartedAt,
} from '../../src/sale/purchase/purchase-diagnostics.js';
import type { PurchaseRequest } from '../../src/sale/purchase/purchase-options.js';
import type { PurchaseResult } from '../../src/sale/purchase/purchase-result.js';
import { observe, type Observer } from './observers.js';

const REQUEST: PurchaseRequest = {
  userId: 'user-1',
  lines: [{ item: 'default', quantity: 1 }],
  linesText: 'default 1',
  idempotencyKey: '',
  metadata: '',
  clientKey: '',
  purchaseToken: '',
  tokenArg: '',
};
const REFUSED: PurchaseResult = { ok: false, reason: 'sold_out', line: 0, item: 'default' };

/** What the batcher does per purchase for diagnostics, `count` times. */
function publishPath(count: number): void {
  for (let index = 0; index < count; index++) {
    // as in PurchaseBatcher: the start time at submit, the publish at the answer
    const startedAt = purchaseStartedAt();
    if (startedAt !== undefined)
      publishPurchase('bench', REQUEST, REFUSED, startedAt, 64, index % 64);
  }
}

/** Nanoseconds per purchase with `observer` listening (median of 5 runs of `count`). */
export function measurePublishPath(observer: Observer, count = 1_000_000): number {
  const stop = observe(observer);
  try {
    publishPath(count / 10); // warm-up
    const perCall: number[] = [];
    for (let run = 0; run < 5; run++) {
      const started = process.hrtime.bigint();
      publishPath(count);
      perCall.push(Number(process.hrtime.bigint() - started) / count);
    }
    return perCall.sort((a, b) => a - b)[2] ?? Number.NaN;
  } finally {
    stop();
  }
}
