import type { KeyObject } from 'node:crypto';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { purchaseChannel } from '../../shared/diagnostics/purchase-message.js';
import { publishPurchase } from '../purchase/purchase-diagnostics.js';
import type { PurchaseRequest } from '../purchase/purchase-options.js';
import type { PurchaseRejection } from '../purchase/purchase-result.js';
import { verifyPurchaseToken } from './purchase-token.js';

const INVALID_TOKEN: PurchaseRejection = Object.freeze({
  ok: false,
  reason: 'invalid_token',
  line: null,
  item: null,
});

/**
 * The in-process half of a purchase token's check: its signature, for this sale
 * and this buyer. A forged or altered token is refused here, with no Redis call;
 * a genuine one goes on to the purchase script with its id and expiry, which
 * checks those on Redis's clock and uses the token up.
 * @internal
 */
export class TokenCheck {
  constructor(
    private readonly saleId: string,
    /** What tokens are signed for: the sale's key name (sale id and prefix). */
    private readonly scope: string,
    private readonly key: KeyObject | undefined,
  ) {}

  /** The request to send, with its token's script argument, or the refusal. */
  check(request: PurchaseRequest): PurchaseRequest | PurchaseRejection {
    if (request.purchaseToken === '') return request;
    if (this.key === undefined) {
      throw new InvalidArgumentError(
        'purchaseToken',
        '<token>', // not quoted: it may be a genuine token of another configuration
        'given only to a FlashSale made with purchaseTokenKey',
      );
    }
    const verified = verifyPurchaseToken(
      this.key,
      this.scope,
      request.userId,
      request.purchaseToken,
    );
    if (verified === undefined) {
      // batch size 0: decided in this process, no Redis call
      if (purchaseChannel.hasSubscribers) {
        publishPurchase(this.saleId, request, INVALID_TOKEN, performance.now(), 0, 0);
      }
      return INVALID_TOKEN;
    }
    return { ...request, tokenArg: `${verified.id}:${String(verified.expiresMs)}` };
  }
}
