import type { ReservationLine } from '../catalog/lines.js';
import type { PurchaseRejection } from '../purchase/purchase-result.js';

/**
 * The items of one sale that this process knows are sold out, each until a
 * moment on this process's monotonic clock. It only ever refuses: an item leaves
 * it when the sale's reopened channel names it, when this process's own call
 * returned units, when its time runs out (the recheck bound, or the moment the
 * sale's earliest hold falls due), and all at once whenever the subscription may
 * have missed a message (not yet confirmed, a reconnect).
 *
 * A sold_out answer from Redis marks its item only if no reopen or reset happened
 * while that call was in flight (`generation`): a reopen message that overtook
 * the answer cannot be undone by it.
 * @internal
 */
export class SoldOutFlags {
  private readonly until = new Map<string, number>();
  private readonly refusals = new Map<string, PurchaseRejection>();
  private current = 0;
  /** Whether the reopened channel is subscribed now (flags are consulted only then). */
  trusted = false;
  /** Whether a subscription to the reopened channel was asked for. */
  listening = false;

  /** Bumped by every reopen and reset: a call notes it when sent. */
  get generation(): number {
    return this.current;
  }

  /** The index of the first line whose item is known sold out, or -1. */
  firstSoldOut(lines: readonly ReservationLine[]): number {
    if (this.until.size === 0 || !this.trusted) return -1;
    const now = performance.now();
    let index = 0;
    for (const { item } of lines) {
      const until = this.until.get(item);
      if (until !== undefined) {
        if (now < until) return index;
        this.until.delete(item);
      }
      index++;
    }
    return -1;
  }

  /** Whether `item` is known sold out now (firstSoldOut of one line, with no array). */
  has(item: string): boolean {
    if (this.until.size === 0 || !this.trusted) return false;
    const until = this.until.get(item);
    if (until === undefined) return false;
    if (performance.now() < until) return true;
    this.until.delete(item);
    return false;
  }

  /** The one refusal object for a one-line purchase of `item` (frozen, shared). */
  refusal(item: string): PurchaseRejection {
    let refusal = this.refusals.get(item);
    if (refusal === undefined) {
      refusal = Object.freeze({ ok: false, reason: 'sold_out', line: 0, item });
      this.refusals.set(item, refusal);
    }
    return refusal;
  }

  /**
   * Remembers `item` as sold out for `recheckMs` or until `dueInMs` (the sale's
   * earliest hold falls due), whichever is sooner, counted from `sentAtMs` (when
   * the call that said so was sent: before the script read Redis's clock, so the
   * flag lapses no later than the hold falls due), unless that call was sent
   * before the latest reopen or reset.
   */
  mark(
    item: string,
    recheckMs: number,
    dueInMs: number | undefined,
    sent: { readonly generation: number; readonly atMs: number },
  ): void {
    if (!this.trusted || sent.generation !== this.current || !Number.isFinite(sent.atMs)) return;
    const ms = dueInMs === undefined ? recheckMs : Math.min(recheckMs, dueInMs);
    const until = sent.atMs + ms;
    if (until > performance.now()) this.until.set(item, until);
  }

  /** These items (or all, `'*'`) may have units again. */
  reopen(items: readonly string[] | '*'): void {
    this.current++;
    if (items === '*') this.until.clear();
    else for (const item of items) this.until.delete(item);
  }

  /** Forgets everything: a message may have been missed (not subscribed, reconnect). */
  reset(trusted: boolean): void {
    this.current++;
    this.trusted = trusted;
    this.until.clear();
  }
}
