import type { RedisClient } from '../../shared/redis/redis-client.js';
import { purchaseChannel } from '../../shared/diagnostics/purchase-message.js';
import { publishPurchase } from '../purchase/purchase-diagnostics.js';
import type { PurchaseRequest } from '../purchase/purchase-options.js';
import type { PurchaseRejection } from '../purchase/purchase-result.js';
import { reopenSubscriber } from './reopen-subscriber.js';
import type { SoldOutFlags } from './sold-out-flags.js';

/** When a purchase call was sent, for the flags its answer may set. @internal */
export interface SentCall {
  /** The flags' generation then: a reopen since voids the answer's sold_out. */
  readonly generation: number;
  /** `performance.now()` then. */
  readonly atMs: number;
}

/**
 * Upper bound of {@link FlashSaleOptions.soldOutRecheckMs}: one minute.
 * @internal
 */
export const MAX_SOLD_OUT_RECHECK_MS = 60_000;

/**
 * One FlashSale's view of its sale's sold-out flags (shared by every FlashSale
 * of that sale on the same client in this process; see reopen-subscriber.ts):
 * answers a purchase of a flagged item at once, and learns from Redis's answers.
 * @internal
 */
export class SoldOutMemory {
  private readonly flags: SoldOutFlags;

  constructor(
    private readonly client: RedisClient,
    private readonly channel: string,
    private readonly recheckMs: number,
  ) {
    // no connection yet: that is opened at the first sold_out answer
    this.flags = reopenSubscriber(client).flagsFor(channel);
  }

  /**
   * The sold_out refusal for `request` when one of its items is known sold out,
   * else `undefined` (ask Redis). A request with an idempotency key always asks.
   */
  refuse(saleId: string, request: PurchaseRequest): PurchaseRejection | undefined {
    const flags = this.flags;
    if (request.idempotencyKey !== '') return undefined;
    const line = flags.firstSoldOut(request.lines);
    if (line < 0) return undefined;
    const item = request.lines[line]?.item ?? '';
    const result: PurchaseRejection =
      request.lines.length === 1
        ? flags.refusal(item)
        : { ok: false, reason: 'sold_out', line, item };
    // batch size 0: decided in this process, no Redis call
    if (purchaseChannel.hasSubscribers) {
      publishPurchase(saleId, request, result, performance.now(), 0, 0);
    }
    return result;
  }

  /** Whether `item` is known sold out now (a sharded sale asks before it asks a shard for units). */
  knowsSoldOut(item: string): boolean {
    return this.flags.has(item);
  }

  /** Bumped by every reopen and reset of the flags: a sharded sale's verdict lasts while it stays. */
  get generation(): number {
    return this.flags.generation;
  }

  /** What to note when a call is sent: see {@link SoldOutMemory.soldOut}. */
  sending(): SentCall {
    // no clock read until this sale has sold out somewhere: before the first
    // sold_out answer no flag can be set (that answer only opens the subscription)
    const atMs = this.flags.listening ? performance.now() : Number.NEGATIVE_INFINITY;
    return { generation: this.flags.generation, atMs };
  }

  /**
   * Redis answered sold_out for `item` to the call `sent`; `dueInMs` is the
   * script's hint (when the sale's earliest hold falls due). The first such answer
   * opens the subscription; flags start once it is confirmed.
   */
  soldOut(item: string, dueInMs: number | undefined, sent: SentCall): void {
    if (!this.flags.listening) reopenSubscriber(this.client).listen(this.channel);
    this.flags.mark(item, this.recheckMs, dueInMs, sent);
  }

  /** This process's own call may have returned units: ask Redis again. */
  reopened(): void {
    this.flags.reopen('*');
  }
}
