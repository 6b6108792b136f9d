import type { KeyObject } from 'node:crypto';
import type { SaleContext } from '../sale-context.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { purchaseChannel } from '../../shared/diagnostics/purchase-message.js';
import { publishPurchase } from '../purchase/purchase-diagnostics.js';
import type { PurchaseRequest } from '../purchase/purchase-options.js';
import type { PurchaseRejection } from '../purchase/purchase-result.js';
import { verifyPurchaseToken } from './purchase-token.js';
import { issuePurchaseToken, type PurchaseTokenResult } from './issue-purchase-token.js';
import { tokenKey } from './token-key.js';

const INVALID_TOKEN: PurchaseRejection = Object.freeze({
  ok: false,
  reason: 'invalid_token',
  line: null,
  item: null,
});

/**
 * A sale's purchase tokens in this process: issuing them, and the in-process half
 * of their check, the signature, for this sale and this buyer. A forged or
 * altered token is refused here, with no Redis call; a genuine one goes on to the
 * purchase script with its id and expiry, which checks those on Redis's clock and
 * uses the token up. Without a key this instance neither issues nor takes tokens.
 * @internal
 */
export class PurchaseTokens {
  private readonly key: KeyObject | undefined;

  /** @param key - the caller's `purchaseTokenKey` as given (checked here), or undefined */
  constructor(
    private readonly context: SaleContext,
    key: unknown,
  ) {
    this.key = key === undefined ? undefined : tokenKey(key);
  }

  /** A token for `userId` while the sale is open: see {@link FlashSale.issuePurchaseToken}. */
  async issue(userId: unknown, options: unknown): Promise<PurchaseTokenResult> {
    if (this.key === undefined) {
      throw new InvalidArgumentError(
        'purchaseTokenKey',
        undefined,
        'set on the FlashSale to issue purchase tokens',
      );
    }
    return issuePurchaseToken(this.context, this.key, userId, options);
  }

  /**
   * The request to send, with its token's script argument, or the refusal. Only
   * for a request that carries a token: the crowd's calls pay nothing for this.
   */
  check(request: PurchaseRequest): PurchaseRequest | PurchaseRejection {
    if (this.key === undefined) {
      throw new InvalidArgumentError(
        'purchaseToken',
        '<token>', // not quoted: it may be a genuine token of another configuration
        'given only to a FlashSale made with purchaseTokenKey',
      );
    }
    // signed for the sale's key name: sale id and prefix
    const scope = this.context.keys.meta;
    const verified = verifyPurchaseToken(this.key, scope, request.userId, request.purchaseToken);
    if (verified === undefined) {
      // batch size 0: decided in this process, no Redis call
      if (purchaseChannel.hasSubscribers) {
        publishPurchase(this.context.saleId, request, INVALID_TOKEN, performance.now(), 0, 0);
      }
      return INVALID_TOKEN;
    }
    return { ...request, tokenArg: `${verified.id}:${String(verified.expiresMs)}` };
  }
}
