import { errorName } from '../../shared/diagnostics/publisher.js';
import {
  purchaseChannel,
  type PurchaseMessage,
} from '../../shared/diagnostics/purchase-message.js';
import type { PurchaseRequest } from './purchase-options.js';
import type { PurchaseResult } from './purchase-result.js';

/**
 * When a purchase was asked, for its message's latency: `undefined` (no clock
 * read) while nobody listens, so an unobserved purchase pays one property read.
 * @internal
 */
export function purchaseStartedAt(): number | undefined {
  return purchaseChannel.hasSubscribers ? performance.now() : undefined;
}

/**
 * Publishes one purchase's decision: its result, or what it rejects with.
 * @internal
 */
export function publishPurchase(
  saleId: string,
  request: PurchaseRequest,
  outcome: PurchaseResult | { readonly thrown: unknown },
  startedAt: number,
  batchSize: number,
  batchIndex: number,
): void {
  const failed = 'thrown' in outcome;
  // PurchaseMessage's reasons are declared in shared (which imports nothing of
  // ours): assigning the result's reason checks they cover the sale's, and
  // test/diagnostics checks the converse.
  const message: PurchaseMessage = {
    saleId,
    userId: request.userId,
    outcome: failed
      ? 'error'
      : outcome.ok
        ? outcome.replayed
          ? 'replayed'
          : 'reserved'
        : 'rejected',
    reason: failed || outcome.ok ? null : outcome.reason,
    refusedItem: failed || outcome.ok ? null : outcome.item,
    error: failed ? errorName(outcome.thrown) : null,
    lines: request.lines,
    quantity: request.lines.reduce((sum, line) => sum + line.quantity, 0),
    reservationId: !failed && outcome.ok ? outcome.reservation.id : null,
    latencyMs: performance.now() - startedAt,
    batchSize,
    batchIndex,
  };
  purchaseChannel.publish(message);
}
