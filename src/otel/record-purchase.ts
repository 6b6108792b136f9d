import type { PurchaseMessage } from '../shared/diagnostics/purchase-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/**
 * Records one purchase decision: the decision, its units per item, its latency,
 * and (once per script call, where `batchIndex` is 0) the batch size.
 * Attributes are written as object literals, never spread or added to afterwards:
 * the SDK hashes them on every call, and objects built the other way measured
 * over ten times slower to hash (bench/diagnostics).
 * @internal
 */
export function recordPurchase(
  instruments: Instruments,
  itemAttribute: boolean,
  message: PurchaseMessage,
): void {
  const { saleId, outcome, reason } = message;
  instruments.purchases.add(
    1,
    reason === null
      ? { [A.sale]: saleId, [A.outcome]: outcome }
      : { [A.sale]: saleId, [A.outcome]: outcome, [A.reason]: reason },
  );
  instruments.purchaseDuration.record(message.latencyMs, {
    [A.sale]: saleId,
    [A.outcome]: outcome,
  });
  for (const { item, quantity } of message.lines) {
    instruments.purchaseUnits.add(
      quantity,
      itemAttribute
        ? { [A.sale]: saleId, [A.outcome]: outcome, [A.item]: item }
        : { [A.sale]: saleId, [A.outcome]: outcome },
    );
  }
  // batch size 0: answered from memory, no script call to count
  if (message.batchIndex === 0 && message.batchSize > 0) {
    instruments.purchaseBatchSize.record(message.batchSize, { [A.sale]: saleId });
  }
}
