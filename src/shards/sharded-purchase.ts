import type { PurchaseOptions } from '../sale/purchase/purchase-options.js';
import type { PurchaseResult } from '../sale/purchase/purchase-result.js';
import { at, type OpenedShards } from './opened-shards.js';
import { homeShard } from './placement/home-shard.js';
import { moveUnits } from './transfer/move-units.js';
import { finishTransfersById } from './transfer/finish-open-transfers.js';
import {
  quietBetween,
  readTransitCounters,
  type TransitCounters,
} from './transfer/transit-counters.js';

/** Most passes (units pulled in, or transfers finished, then a new try) per purchase. */
const MAX_PASSES = 100;

/** The refusals a home shard answers when it lacks units another shard may hold. */
function lacksUnits(result: PurchaseResult): result is PurchaseResult & {
  readonly ok: false;
  readonly item: string;
} {
  return (
    !result.ok &&
    (result.reason === 'sold_out' || result.reason === 'insufficient_stock') &&
    result.item !== null
  );
}

/** An item found sold out on every shard with nothing in transit, while it holds. */
interface SoldOutVerdict {
  /** Each shard's sold-out generation when it was reached: a reopen since voids it. */
  readonly generations: readonly number[];
  /** `performance.now()` past which it is checked again (the recheck bound). */
  readonly untilMs: number;
}

/**
 * Purchases of a sharded sale: on the buyer's home shard, with units pulled in
 * from the other shards when it is short, and `sold_out` answered only when no
 * shard has units and none are in transit.
 *
 * The rule, exactly. After the home shard refused, every shard's transfer state
 * of the item is read (`before`); then a pass pulls from the other shards, asks
 * the home shard again and reads the state again (`after`). A pass stands behind
 * a refusal only when it asked every other shard itself, after `before` (not a
 * pull shared with another buyer, no shard skipped because this process
 * remembers it sold out), asked the home shard in Redis (its remembered flag
 * dropped first), moved nothing, and no transfer of the item was open at either
 * read nor arrived between them: then no unit was in transit at any moment in
 * between, while each shard in turn had none. Open transfers that a read names
 * are finished on the spot (their mover may have died) and the purchase tried
 * again.
 *
 * With sold-out memory on, such a verdict is kept per item and answers at once,
 * with no Redis command, until any shard's flags reopen or `recheckMs` passes
 * (the same bound as a shard's own flag, so a transfer a process left open is
 * found within it).
 * @internal
 */
export class ShardedPurchase {
  /** The pull or finish in flight per key (one at a time: see {@link ShardedPurchase.once}). */
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly verdicts = new Map<string, SoldOutVerdict>();

  constructor(
    private readonly shardCount: number,
    private readonly rebalanceUnits: number,
    private readonly recheckMs: number,
  ) {}

  /** Reserves for `userId` on its home shard, as ShardedSale.tryPurchase. */
  async purchase(
    shards: OpenedShards,
    userId: string,
    options: PurchaseOptions | undefined,
  ): Promise<PurchaseResult> {
    const home = homeShard(typeof userId === 'string' ? userId : '', this.shardCount);
    const sale = at(shards.sales, home);
    let result = await sale.tryPurchase(userId, options);
    if (!lacksUnits(result) || this.shardCount === 1 || this.stillSoldOut(shards, result.item)) {
      return result;
    }
    const item = result.item;
    const quantity = typeof options?.quantity === 'number' ? options.quantity : 1;
    const homeMemory = shards.memories[home];
    let before = await readTransitCounters(shards.contexts, item, 'tryPurchase');
    // Whether this pass asks every shard itself, the home shard from Redis: only
    // such a pass can stand behind a sold_out (a pull shared with other buyers
    // may have read before `before`, a remembered flag earlier still).
    let strict = false;
    // Each pass moves units toward the buyers (pulled in, or a transfer finished)
    // or ends; units pulled in may go to buyers of the home shard racing this one,
    // so pull again while some shard gives, up to a bound against pathology.
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      if (strict) homeMemory?.reopened();
      const generations = this.generations(shards);
      let moved = await this.finishOpen(shards, before);
      let askedAll = strict;
      if (!moved && strict) {
        moved = (await this.pull(shards, home, item, quantity, true)).moved;
      } else if (!moved) {
        const shared = await this.once(`pull ${String(home)} ${item}`, () =>
          this.pull(shards, home, item, quantity, false),
        );
        moved = shared.pulled.moved;
        askedAll = !shared.joined && shared.pulled.askedAll && homeMemory === undefined;
      }
      result = await sale.tryPurchase(userId, options);
      if (!lacksUnits(result)) return result;
      const after = await readTransitCounters(shards.contexts, item, 'tryPurchase');
      if (!moved && askedAll && quietBetween(before, after)) {
        this.remember(shards, item, generations);
        return result;
      }
      strict = !moved;
      before = after;
    }
    return result;
  }

  /**
   * One pull (or finish) at a time per key in this process: the buyers that find
   * the home shard short together wait for the one pull, then all try again
   * (`joined`: this call waited for another's). Without this, a crowd of short
   * buyers each moves units, and they take from each other's home shards the
   * units just moved there.
   */
  private async once<T>(
    key: string,
    work: () => Promise<T>,
  ): Promise<{ pulled: T; joined: boolean }> {
    const running = this.running.get(key) as Promise<T> | undefined;
    if (running) return { pulled: await running, joined: true };
    const started = work().finally(() => {
      this.running.delete(key);
    });
    this.running.set(key, started);
    return { pulled: await started, joined: false };
  }

  /**
   * Moves units of `item` to the home shard from the first other shard that has
   * some. When none had any (each such shard is then remembered sold out, as a
   * purchase there would have been told), `askedAll` says whether every one was
   * asked: with `askAll` unset, a shard this process knows sold out is skipped.
   */
  private async pull(
    shards: OpenedShards,
    home: number,
    item: string,
    quantity: number,
    askAll: boolean,
  ): Promise<{ moved: boolean; askedAll: boolean }> {
    const want = Math.max(quantity, this.rebalanceUnits);
    const destination = at(shards.contexts, home);
    let askedAll = true;
    for (let step = 1; step < this.shardCount; step++) {
      const index = (home + step) % this.shardCount;
      const memory = shards.memories[index];
      if (!askAll && memory?.knowsSoldOut(item)) {
        askedAll = false;
        continue;
      }
      const sent = memory?.sending();
      const taken = await moveUnits(
        at(shards.contexts, index),
        destination,
        item,
        want,
        'tryPurchase',
      );
      if (taken.units > 0) {
        shards.memories[home]?.reopened(); // this process gave the home shard units
        return { moved: true, askedAll };
      }
      if (memory && sent) memory.soldOut(item, taken.dueInMs, sent);
    }
    return { moved: false, askedAll };
  }

  /**
   * Finishes the transfers `counters` name as open (a mover between its steps,
   * or one that died there); true when it delivered any.
   */
  private async finishOpen(
    shards: OpenedShards,
    counters: readonly TransitCounters[],
  ): Promise<boolean> {
    const delivered = await Promise.all(
      counters.map((counter, index) =>
        counter.open.length === 0
          ? Promise.resolve(false)
          : this.once(`finish ${String(index)}`, async () => {
              const source = at(shards.contexts, index);
              const count = await finishTransfersById(
                source,
                counter.open,
                shards.byId,
                'tryPurchase',
              );
              return count > 0;
            }).then(({ pulled }) => pulled),
      ),
    );
    if (!delivered.includes(true)) return false;
    // this process gave some shard units: no shard is sold out in its memory now
    for (const memory of shards.memories) memory?.reopened();
    return true;
  }

  private generations(shards: OpenedShards): number[] | undefined {
    const generations: number[] = [];
    for (const memory of shards.memories) {
      if (!memory) return undefined;
      generations.push(memory.generation);
    }
    return generations;
  }

  /** Keeps the verdict that `item` is sold out, when memory is on and no flag reopened since `generations`. */
  private remember(shards: OpenedShards, item: string, generations: number[] | undefined): void {
    if (!generations) return;
    const now = this.generations(shards);
    if (!now || now.some((generation, index) => generation !== generations[index])) return;
    this.verdicts.set(item, { generations, untilMs: performance.now() + this.recheckMs });
  }

  /**
   * Whether a kept verdict still answers for `item`: no shard's flags reopened
   * since, its time has not run out, and every shard still knows the item sold
   * out (a flag lapses when a shard's earliest hold falls due: its units may be
   * reclaimed then).
   */
  private stillSoldOut(shards: OpenedShards, item: string): boolean {
    const verdict = this.verdicts.get(item);
    if (!verdict) return false;
    const valid =
      performance.now() < verdict.untilMs &&
      shards.memories.every(
        (memory, index) =>
          memory !== undefined &&
          memory.generation === verdict.generations[index] &&
          memory.knowsSoldOut(item),
      );
    if (!valid) this.verdicts.delete(item);
    return valid;
  }
}
