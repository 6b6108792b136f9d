import type { KeyObject } from 'node:crypto';
import { defineOptions } from '../../shared/options/define-options.js';
import { integer } from '../../shared/options/kinds.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { textId } from '../../shared/validate/text-id.js';
import type { SaleContext } from '../sale-context.js';
import { saleStats } from '../status/sale-stats.js';
import { signPurchaseToken } from './purchase-token.js';

/**
 * Options of {@link FlashSale.issuePurchaseToken}.
 * @group Options
 * @category Sale
 */
export interface PurchaseTokenOptions {
  /**
   * How long the token stays good, in ms from now (Redis's clock): long enough
   * for the buyer to press "buy" after the page shows the button, short enough
   * that a harvested token is soon worthless. From 1000 to 3,600,000.
   * @defaultValue `60000`
   */
  readonly ttlMs?: number;
}

/** The options of `issuePurchaseToken`. @internal */
export const PURCHASE_TOKEN_SPEC = defineOptions<PurchaseTokenOptions>()('issuePurchaseToken', {
  ttlMs: integer(1000, 3_600_000).default(60_000),
});

/**
 * Defaults of {@link PurchaseTokenOptions}.
 * @group Options
 * @category Sale
 */
export const PURCHASE_TOKEN_DEFAULTS = PURCHASE_TOKEN_SPEC.defaults;

/**
 * What {@link FlashSale.issuePurchaseToken} answers: a token, or why the sale
 * gives none now. A token is only issued while the sale is open (or sold out,
 * since units can come back), so nobody can hold one before the start.
 * @group Results
 * @category Sale
 */
export type PurchaseTokenResult =
  | {
      /** Discriminant: a token was issued. */
      readonly ok: true;
      /** The token: URL-safe text, about 75 characters, for `purchaseToken`. */
      readonly token: string;
      /** When it stops being good, Unix epoch ms on Redis's clock. */
      readonly expiresMs: number;
    }
  | {
      /** Discriminant: no token. */
      readonly ok: false;
      /** The sale is not loaded, has not started, or has ended. */
      readonly reason: 'not_loaded' | 'not_started' | 'ended';
    };

/** Issues a token for `userId` when the sale is open. @internal */
export async function issuePurchaseToken(
  context: SaleContext,
  key: KeyObject,
  userId: unknown,
  options: unknown,
): Promise<PurchaseTokenResult> {
  const user = textId('userId', userId);
  const { ttlMs } = resolveOptions(PURCHASE_TOKEN_SPEC, options);
  // one read: the window and Redis's clock, which also decides the expiry
  const stats = await saleStats(context);
  if (stats.phase === 'not_loaded' || stats.phase === 'not_started' || stats.phase === 'ended') {
    return { ok: false, reason: stats.phase };
  }
  const expiresMs = stats.nowMs + ttlMs;
  return {
    ok: true,
    token: signPurchaseToken(key, context.keys.meta, user, expiresMs),
    expiresMs,
  };
}
