import type { Attributes } from '@opentelemetry/api';
import type { PurchaseMessage } from '../shared/diagnostics/purchase-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/**
 * Records one purchase decision: the decision, its units per item, its latency,
 * and (once per script call, where `batchIndex` is 0) the batch size.
 * @internal
 */
export function recordPurchase(
  instruments: Instruments,
  itemAttribute: boolean,
  message: PurchaseMessage,
): void {
  const sale = { [A.sale]: message.saleId };
  const decided: Attributes = { ...sale, [A.outcome]: message.outcome };
  if (message.reason !== null) decided[A.reason] = message.reason;
  instruments.purchases.add(1, decided);
  instruments.purchaseDuration.record(message.latencyMs, {
    ...sale,
    [A.outcome]: message.outcome,
  });
  for (const line of message.lines) {
    const units: Attributes = { ...sale, [A.outcome]: message.outcome };
    if (itemAttribute) units[A.item] = line.item;
    instruments.purchaseUnits.add(line.quantity, units);
  }
  if (message.batchIndex === 0) instruments.purchaseBatchSize.record(message.batchSize, sale);
}
