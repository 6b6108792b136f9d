import { runSaleScript, type SaleContext } from '../sale-context.js';
import { replyList } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { decodePurchase, soldOutDueInMs } from './decode-purchase.js';
import type { SoldOutMemory } from '../sold-out/sold-out-memory.js';
import { newReservationId } from '../reservation-id.js';
import { OP_REPLAY_MS, randomToken } from '../random-token.js';
import type { PurchaseRequest } from './purchase-options.js';
import type { PurchaseRejection, PurchaseResult } from './purchase-result.js';
import { publishPurchase, purchaseStartedAt } from './purchase-diagnostics.js';
import { BusyRetry } from './busy-retry.js';
import { purchaseChannel } from '../../shared/diagnostics/purchase-message.js';

/** A sold_out refusal that names its item: what the sold-out memory learns from. */
function isSoldOut(
  outcome: PurchaseResult | Error,
): outcome is PurchaseRejection & { readonly item: string } {
  return (
    !(outcome instanceof Error) &&
    !outcome.ok &&
    outcome.reason === 'sold_out' &&
    outcome.item !== null
  );
}

interface Pending {
  readonly request: PurchaseRequest;
  readonly resolve: (result: PurchaseResult) => void;
  readonly reject: (error: unknown) => void;
  /** `performance.now()` at the call, only while diagnostics are observed. */
  readonly startedAt: number | undefined;
}

/**
 * Coalesces the purchases that arrive in one event-loop turn into one script call.
 *
 * One EVALSHA per purchase leaves Redis mostly parsing commands; deciding a batch
 * per call moves the limit to the script itself. The script decides requests in
 * arrival order, each exactly as it would be decided alone, and every caller gets
 * its own result. `setImmediate` (not a microtask) is the boundary so that all
 * requests read from sockets in the same poll phase share a batch.
 * @internal
 */
export class PurchaseBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  /** Purchases submitted and not yet answered: queued here or in a script call. */
  private pending = 0;
  private readonly busyRetry: BusyRetry;

  constructor(
    private readonly context: SaleContext,
    private readonly maxBatchSize: number,
    /** Most purchases pending at once; one more is refused `busy` (Infinity: no bound). */
    private readonly maxPending: number,
    /** Learns from each sold_out answer (src/sale/sold-out/), when enabled. */
    private readonly soldOut?: SoldOutMemory,
  ) {
    this.busyRetry = new BusyRetry(context.commandTimeoutMs);
  }

  /**
   * The `busy` refusal for a request that would overfill the bound, else
   * `undefined` (submit it). Refused at once, with no Redis call: under overload a
   * queue without bound only makes every purchase late; one that sheds keeps the
   * admitted ones as fast as Redis allows, and the refused ones lose nothing.
   */
  shed(request: PurchaseRequest): PurchaseRejection | undefined {
    if (this.pending < this.maxPending) return undefined;
    const result: PurchaseRejection = {
      ok: false,
      reason: 'busy',
      line: null,
      item: null,
      retryAfterMs: this.busyRetry.retryAfterMs(this.pending),
    };
    // batch size 0: decided in this process, no Redis call
    if (purchaseChannel.hasSubscribers) {
      publishPurchase(this.context.saleId, request, result, performance.now(), 0, 0);
    }
    return result;
  }

  /** Queues one validated request; resolves with its own result. */
  async submit(request: PurchaseRequest): Promise<PurchaseResult> {
    this.pending += 1;
    return new Promise<PurchaseResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject, startedAt: purchaseStartedAt() });
      if (this.queue.length >= this.maxBatchSize) {
        this.flush();
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0) {
      void this.send(this.queue.splice(0, this.maxBatchSize));
    }
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    const sent = this.soldOut?.sending();
    let reply: readonly unknown[];
    try {
      const args: (string | number)[] = [batch.length];
      // The id is drawn here, once per request: a re-sent copy of this call carries
      // the same ids, and the script recognises its own first run by them.
      for (const { request } of batch) {
        args.push(
          newReservationId(this.context.saleId),
          request.userId,
          request.linesText,
          request.idempotencyKey,
          request.metadata,
          request.clientKey,
          request.tokenArg,
        );
      }
      args.push(OP_REPLAY_MS);
      // marks a first run that made holds, for a re-sent copy of this call to find
      const op = this.context.keys.op(randomToken());
      reply = replyList(
        'tryPurchase',
        await runSaleScript(this.context, SALE_SCRIPTS.purchase, 'tryPurchase', args, [
          op,
          this.context.keys.rate,
        ]),
      );
    } catch (error) {
      // every caller is answered, whatever failed: none waits for ever, and the
      // pending count (the `busy` bound) never leaks
      batch.forEach((pending, index) => {
        this.settle(pending, { thrown: error }, batch.length, index);
      });
      return;
    }
    batch.forEach((pending, index) => {
      try {
        const outcome = decodePurchase(this.context.saleId, pending.request, reply, index);
        if (sent !== undefined && isSoldOut(outcome)) {
          this.soldOut?.soldOut(outcome.item, soldOutDueInMs(reply, index), sent);
        }
        this.settle(
          pending,
          outcome instanceof Error ? { thrown: outcome } : outcome,
          batch.length,
          index,
        );
      } catch (error) {
        this.settle(pending, { thrown: error }, batch.length, index);
      }
    });
  }

  /** Answers one caller, and publishes the decision when diagnostics are observed. */
  private settle(
    pending: Pending,
    outcome: PurchaseResult | { readonly thrown: unknown },
    batchSize: number,
    index: number,
  ): void {
    this.pending -= 1;
    this.busyRetry.noteAnswered();
    if (pending.startedAt !== undefined) {
      publishPurchase(
        this.context.saleId,
        pending.request,
        outcome,
        pending.startedAt,
        batchSize,
        index,
      );
    }
    if ('thrown' in outcome) pending.reject(outcome.thrown);
    else pending.resolve(outcome);
  }
}
