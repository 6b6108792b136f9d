import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  DIAGNOSTIC_CHANNELS,
  type FlashSale,
  type PurchaseMessage,
  type PurchaseResult,
} from '../../../src/index.js';

const sleep = async (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Buys for `userId` until the sale answers sold_out from memory (a purchase
 * message with batch size 0, decided with no Redis call): the first sold_out
 * answer opens the subscription, and flags start once it is confirmed.
 */
export async function untilRememberedSoldOut(sale: FlashSale, userId: string): Promise<void> {
  const seen = { local: false };
  const listener = (message: unknown): void => {
    const m = message as PurchaseMessage;
    if (m.saleId === sale.saleId && m.userId === userId && m.batchSize === 0) seen.local = true;
  };
  subscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
  try {
    for (let attempt = 0; attempt < 500 && !seen.local; attempt++) {
      const result = await sale.tryPurchase(userId);
      if (result.ok || result.reason !== 'sold_out') {
        throw new Error(`expected sold_out, got ${JSON.stringify(result)}`);
      }
      await sleep(10);
    }
  } finally {
    unsubscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
  }
  if (!seen.local) throw new Error('the sale never answered sold_out from memory');
}

/** Whether `sale` answers this purchase from memory (batch size 0). */
export async function answeredFromMemory(
  sale: FlashSale,
  attempt: () => Promise<PurchaseResult>,
): Promise<{ result: PurchaseResult; fromMemory: boolean }> {
  const seen = { fromMemory: false };
  const listener = (message: unknown): void => {
    const m = message as PurchaseMessage;
    if (m.saleId === sale.saleId && m.batchSize === 0) seen.fromMemory = true;
  };
  subscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
  try {
    const result = await attempt();
    return { result, fromMemory: seen.fromMemory };
  } finally {
    unsubscribe(DIAGNOSTIC_CHANNELS.purchase, listener);
  }
}

/** Buys for `userId` until it succeeds; fails after `attempts` (10 ms apart). */
export async function untilReserved(
  sale: FlashSale,
  userId: string,
  attempts = 1000,
): Promise<number> {
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const result = await sale.tryPurchase(userId);
    if (result.ok) return attempt;
    await sleep(10);
  }
  throw new Error(`${userId} could not buy after ${String(attempts)} attempts`);
}
