/**
 * The model-based test's commands: one per sale operation. Each runs the call on
 * the real sale between two reads of Redis's clock, checks the answer against
 * the model (exact outside the clock window, either outcome inside it), updates
 * the model, then checks the invariants from the library's own reports:
 * conservation and the counters (stats), each user's limit and reservations
 * (userStatus), a hold ends once and ended is final (every observation).
 */
import type { fc } from '@fast-check/vitest';
import {
  isIdempotencyConflictError,
  isReservationReleasedError,
  isReservationSoldError,
  isSaleConflictError,
  isSaleNotLoadedError,
  isStockConflictError,
  type FlashSale,
  type Reservation,
  type SaleStats,
  type UserStatus,
} from '../../src/index.js';
import { expectModel, type SaleModel } from './sale-model.js';

/** The system under test. */
export interface RealSale {
  readonly sale: FlashSale;
}

/** A command of the model-based test. */
export type SaleCommand = fc.AsyncCommand<SaleModel, RealSale>;

/**
 * How often each path was taken, over the whole run: the test asserts that the
 * paths it claims to exercise were (a purchase refused for each reason, a late
 * confirm, an expire that released something, …).
 */
export const PATHS = new Map<string, number>();

function took(path: string): void {
  PATHS.set(path, (PATHS.get(path) ?? 0) + 1);
}

type Settled<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

function describe(outcome: Settled<unknown>): string {
  if (outcome.ok) return JSON.stringify(outcome.value);
  return outcome.error instanceof Error
    ? `${outcome.error.name}: ${outcome.error.message}`
    : String(outcome.error);
}

/** The invariants after every step; sets the next call's `t0`. */
export async function afterStep(
  model: SaleModel,
  real: RealSale,
  context: string,
  statsJustAfter?: SaleStats,
): Promise<void> {
  model.checkStats(statsJustAfter ?? (await real.sale.stats()), `${context}, then stats`);
  const statuses: [string, UserStatus | null][] = [];
  for (const user of model.users) statuses.push([user, await real.sale.userStatus(user)]);
  const stats = await real.sale.stats();
  for (const [user, status] of statuses) model.checkUser(user, status, stats.nowMs, context);
  model.checkStats(stats, `${context}, then userStatus and stats`);
  model.lastTimeMs = stats.nowMs;
}

function checkNewHold(
  model: SaleModel,
  reservation: Reservation,
  userId: string,
  quantity: number,
  window: readonly [number, number],
  context: string,
): void {
  expectModel(
    !model.holds.has(reservation.id),
    () => `${context}: new reservation ${reservation.id} reuses an id`,
  );
  expectModel(
    reservation.userId === userId &&
      reservation.quantity === quantity &&
      reservation.state === 'held' &&
      reservation.releaseReason === null &&
      reservation.endedAtMs === null &&
      reservation.createdAtMs >= window[0] &&
      reservation.createdAtMs <= window[1] &&
      reservation.deadlineMs === reservation.createdAtMs + model.holdMs,
    () => `${context}: new hold ${JSON.stringify(reservation)} (window ${window.join('..')})`,
  );
}

/** `preload`: the first one creates; the same again is unchanged; a different one is refused unless forced. */
export class PreloadCommand implements SaleCommand {
  constructor(
    readonly stock: number,
    readonly perUserLimit: number,
    readonly force: boolean,
  ) {}

  check(model: Readonly<SaleModel>): boolean {
    // never lower the limit below what a buyer holds (issue 7 has the lead refuse that)
    return model.config === undefined || this.perUserLimit >= model.maxUsed(model.lastTimeMs);
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const context = this.toString();
    const outcome = await settle(
      real.sale.preload({
        stock: this.stock,
        perUserLimit: this.perUserLimit,
        holdMs: model.holdMs,
        force: this.force,
      }),
    );
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string => `${context} → ${describe(outcome)}`;
    const config = model.config;
    const apply = (): void => {
      model.config = { stock: this.stock, perUserLimit: this.perUserLimit, holdMs: model.holdMs };
      model.loaded = this.stock;
      model.total = this.stock;
      model.restocked = 0;
      model.withdrawn = 0;
    };
    if (config === undefined) {
      expectModel(outcome.ok && outcome.value === 'created', show);
      took('preload created');
      apply();
    } else if (config.stock === this.stock && config.perUserLimit === this.perUserLimit) {
      expectModel(outcome.ok && outcome.value === 'unchanged', show);
    } else if (!this.force) {
      expectModel(!outcome.ok && isSaleConflictError(outcome.error), show);
    } else {
      const held = model.held(t1);
      const sold = model.sold();
      if (outcome.ok) {
        expectModel(outcome.value === 'replaced' && this.stock >= sold + held.min, show);
        took('preload replaced');
        apply();
      } else {
        expectModel(isStockConflictError(outcome.error) && this.stock < sold + held.max, show);
      }
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    return `preload(stock ${String(this.stock)}, limit ${String(this.perUserLimit)}${this.force ? ', force' : ''})`;
  }
}

/** `tryPurchase`, with or without an idempotency key. */
export class PurchaseCommand implements SaleCommand {
  constructor(
    readonly userId: string,
    readonly quantity: number,
    readonly idempotencyKey: string | undefined,
  ) {}

  check(): boolean {
    return true;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const context = this.toString();
    const t0 = model.lastTimeMs;
    const outcome = await settle(
      real.sale.tryPurchase(this.userId, {
        quantity: this.quantity,
        ...(this.idempotencyKey === undefined ? {} : { idempotencyKey: this.idempotencyKey }),
      }),
    );
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string => `${context} at ${String(t0)}..${String(t1)} → ${describe(outcome)}`;
    expectModel(outcome.ok || isIdempotencyConflictError(outcome.error), show);
    const config = model.config;
    const original =
      this.idempotencyKey === undefined ? undefined : model.idempotency.get(this.idempotencyKey);
    if (config === undefined) {
      expectModel(outcome.ok && !outcome.value.ok && outcome.value.reason === 'not_loaded', show);
    } else if (original !== undefined) {
      if (original.userId !== this.userId || original.quantity !== this.quantity) {
        expectModel(!outcome.ok, show);
        took('purchase key conflict');
      } else {
        const result = outcome.ok ? outcome.value : undefined;
        expectModel(
          result?.ok === true && result.replayed && result.reservation.id === original.id,
          show,
        );
        model.observe(result.reservation, t1, context);
        took('purchase replayed');
      }
    } else {
      expectModel(outcome.ok, show);
      const result = outcome.value;
      const limit = config.perUserLimit;
      const used = model.used(this.userId, t1);
      const available = model.available(t1);
      const q = this.quantity;
      const bounds = (): string =>
        `${show()}; model: used ${JSON.stringify(used)}, available ${JSON.stringify(available)}, limit ${String(limit)}`;
      const withinLimit = used.min + q <= limit;
      if (result.ok) {
        expectModel(!result.replayed && withinLimit && available.max >= q, bounds);
        checkNewHold(model, result.reservation, this.userId, q, [t0, t1], context);
        took('purchase reserved');
        const hold = {
          ...result.reservation,
          reason: null,
          state: 'held' as const,
          settled: false,
          returnedByExpire: false,
        };
        model.holds.set(hold.id, hold);
        if (this.idempotencyKey !== undefined) model.idempotency.set(this.idempotencyKey, hold);
      } else {
        const lowest = Math.max(available.min, 1);
        // stock is checked before the buyer's limit
        const allowed = {
          limit_reached: used.max + q > limit && available.max >= q,
          sold_out: available.min <= 0, // the range can dip below 0 when a restock met an uncertain hold
          insufficient_stock: lowest < q && lowest <= available.max,
        };
        expectModel(
          result.reason in allowed && allowed[result.reason as keyof typeof allowed],
          bounds,
        );
        took(`purchase ${result.reason}`);
      }
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    const key = this.idempotencyKey === undefined ? '' : `, key ${this.idempotencyKey}`;
    return `tryPurchase(${this.userId}, ${String(this.quantity)}${key})`;
  }
}

/** A client retrying an earlier purchase that had an idempotency key: same user, quantity and key. */
export class RetryCommand implements SaleCommand {
  constructor(readonly index: number) {}

  check(model: Readonly<SaleModel>): boolean {
    return model.idempotency.size > 0;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const entries = [...model.idempotency];
    const [key, hold] = entries[this.index % entries.length] ?? [];
    if (key === undefined || hold === undefined) return;
    await new PurchaseCommand(hold.userId, hold.quantity, key).run(model, real);
  }

  toString(): string {
    return `retry(#${String(this.index)})`;
  }
}

/** Picks one of the model's reservations by a generated index. */
function pick(model: Readonly<SaleModel>, index: number) {
  const list = model.list();
  return list[index % list.length];
}

/** One of the holds the model counts as held, by index. */
function pickHeld(model: Readonly<SaleModel>, index: number) {
  const held = model.list().filter((hold) => hold.state === 'held');
  return held[index % held.length];
}

/**
 * Waits, reading nothing but Redis's clock, until Redis time is past `deadlineMs`,
 * and returns that time. Nothing reads the hold meanwhile, so the model still
 * counts it as held: the call that follows is the first to find it overdue.
 */
async function waitPast(real: RealSale, fromMs: number, deadlineMs: number): Promise<number> {
  let nowMs = fromMs;
  while (nowMs <= deadlineMs) {
    await new Promise((resolve) => setTimeout(resolve, deadlineMs - nowMs + 1));
    nowMs = (await real.sale.stats()).nowMs;
  }
  return nowMs;
}

/**
 * `confirm` of one of the sale's reservations. A `late` one picks a hold the
 * model counts as held and confirms it only once its deadline has passed (the
 * payment that comes too late), a path the random waits alone take seldom on a
 * loaded machine: there each step's reads already find the short holds overdue.
 */
export class ConfirmCommand implements SaleCommand {
  constructor(
    readonly index: number,
    readonly late = false,
  ) {}

  check(model: Readonly<SaleModel>): boolean {
    return this.late ? pickHeld(model, 0) !== undefined : model.holds.size > 0;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const hold = this.late ? pickHeld(model, this.index) : pick(model, this.index);
    if (hold === undefined) return;
    const context = `confirm(${hold.id})${this.late ? ' late' : ''}`;
    const t0 = this.late
      ? await waitPast(real, model.lastTimeMs, hold.deadlineMs)
      : model.lastTimeMs;
    const outcome = await settle(real.sale.confirm(hold.id));
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string =>
      `${context} of ${hold.state}/${String(hold.reason)} deadline ${String(hold.deadlineMs)} at ${String(t0)}..${String(t1)} → ${describe(outcome)}`;
    if (hold.state === 'sold') {
      expectModel(outcome.ok && outcome.value.state === 'sold', show);
    } else if (hold.state === 'released') {
      expectModel(
        !outcome.ok &&
          isReservationReleasedError(outcome.error) &&
          outcome.error.reason === hold.reason,
        show,
      );
      if (outcome.error.releasedByThisCall) {
        expectModel(hold.reason === 'expired' && !hold.settled, () => `${show()}: released twice`);
        hold.settled = true;
      }
    } else if (outcome.ok) {
      expectModel(hold.deadlineMs > t0, () => `${show()}: sold a hold already overdue`);
      expectModel(
        outcome.value.state === 'sold' &&
          outcome.value.endedAtMs !== null &&
          outcome.value.endedAtMs < hold.deadlineMs,
        show,
      );
      hold.state = 'sold';
      took('confirm sold');
    } else {
      expectModel(
        isReservationReleasedError(outcome.error) &&
          outcome.error.reason === 'expired' &&
          hold.deadlineMs <= t1,
        show,
      );
      hold.state = 'released';
      hold.reason = 'expired';
      hold.settled = outcome.error.releasedByThisCall;
      took('confirm too late');
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    return `confirm(#${String(this.index)}${this.late ? ', late' : ''})`;
  }
}

/** `cancel` of one of the sale's reservations. */
export class CancelCommand implements SaleCommand {
  constructor(
    readonly index: number,
    readonly reason: 'cancelled' | 'failed',
  ) {}

  check(model: Readonly<SaleModel>): boolean {
    return model.holds.size > 0;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const hold = pick(model, this.index);
    if (hold === undefined) return;
    const context = `cancel(${hold.id}, ${this.reason})`;
    const t0 = model.lastTimeMs;
    const outcome = await settle(real.sale.cancel(hold.id, { reason: this.reason }));
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string =>
      `${context} of ${hold.state}/${String(hold.reason)} deadline ${String(hold.deadlineMs)} at ${String(t0)}..${String(t1)} → ${describe(outcome)}`;
    if (hold.state === 'sold') {
      expectModel(!outcome.ok && isReservationSoldError(outcome.error), show);
    } else if (hold.state === 'released') {
      expectModel(
        outcome.ok &&
          outcome.value.state === 'released' &&
          outcome.value.releaseReason === hold.reason,
        show,
      );
    } else {
      expectModel(outcome.ok && outcome.value.state === 'released', show);
      const got = outcome.value.releaseReason;
      // past its deadline a hold may already count as expired
      expectModel(got === this.reason || (got === 'expired' && hold.deadlineMs <= t1), show);
      hold.state = 'released';
      hold.reason = got;
      hold.settled = got === this.reason;
      took('cancel released');
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    return `cancel(#${String(this.index)}, ${this.reason})`;
  }
}

/** `expire`, with a small batch so `more` comes into play. */
export class ExpireCommand implements SaleCommand {
  constructor(readonly maxBatchSize: number | undefined) {}

  check(): boolean {
    return true;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const context = this.toString();
    const t0 = model.lastTimeMs;
    const outcome = await settle(
      real.sale.expire(
        this.maxBatchSize === undefined ? undefined : { maxBatchSize: this.maxBatchSize },
      ),
    );
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string => `${context} at ${String(t0)}..${String(t1)} → ${describe(outcome)}`;
    expectModel(outcome.ok, show);
    const { released, more } = outcome.value;
    if (model.config === undefined) expectModel(released.length === 0 && !more, show);
    expectModel(released.length <= (this.maxBatchSize ?? 500), show);
    for (const reservation of released) {
      const hold = model.holds.get(reservation.id);
      expectModel(hold !== undefined, () => `${show()}: unknown ${reservation.id}`);
      const overdueHeld = hold.state === 'held' && hold.deadlineMs <= t1;
      const seenExpired = hold.state === 'released' && hold.reason === 'expired' && !hold.settled;
      expectModel(
        !hold.returnedByExpire && (overdueHeld || seenExpired),
        () =>
          `${show()}: released ${hold.id} (model: ${hold.state}/${String(hold.reason)}, deadline ${String(hold.deadlineMs)}, returned before: ${String(hold.returnedByExpire)})`,
      );
      expectModel(
        reservation.state === 'released' && reservation.releaseReason === 'expired',
        show,
      );
      hold.state = 'released';
      hold.reason = 'expired';
      hold.settled = true;
      hold.returnedByExpire = true;
      took('expire released');
    }
    if (more) took('expire more');
    if (!more) {
      // nothing overdue at t0 is still held anywhere
      model.sweptUpToMs = Math.max(model.sweptUpToMs, t0);
      for (const hold of model.holds.values()) {
        if (hold.state === 'released' && hold.reason === 'expired' && hold.deadlineMs <= t0) {
          hold.settled = true;
        }
      }
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    return `expire(${this.maxBatchSize === undefined ? '' : `max ${String(this.maxBatchSize)}`})`;
  }
}

/** `restock`, adding or withdrawing. */
export class RestockCommand implements SaleCommand {
  constructor(readonly delta: number) {}

  check(): boolean {
    return true;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const context = this.toString();
    const outcome = await settle(real.sale.restock(this.delta));
    const after = await real.sale.stats();
    const t1 = after.nowMs;
    const show = (): string => `${context} → ${describe(outcome)}`;
    if (model.config === undefined) {
      expectModel(!outcome.ok && isSaleNotLoadedError(outcome.error), show);
    } else {
      const available = model.available(t1);
      const bounds = (): string => `${show()}; model available ${JSON.stringify(available)}`;
      if (outcome.ok) {
        const after = outcome.value;
        expectModel(
          after >= available.min + this.delta &&
            after <= available.max + this.delta &&
            (this.delta > 0 || -this.delta <= available.max),
          bounds,
        );
        if (this.delta > 0) model.restocked += this.delta;
        else model.withdrawn -= this.delta;
        model.total += this.delta;
        took(this.delta > 0 ? 'restock added' : 'restock withdrew');
      } else {
        expectModel(
          this.delta < 0 && isStockConflictError(outcome.error) && -this.delta > available.min,
          bounds,
        );
        took('restock refused');
      }
    }
    await afterStep(model, real, context, after);
  }

  toString(): string {
    return `restock(${String(this.delta)})`;
  }
}

/** `stats` and one user's `userStatus` (a user who may never have bought). */
export class ReadCommand implements SaleCommand {
  constructor(readonly userId: string) {}

  check(): boolean {
    return true;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    const context = this.toString();
    const stats = await real.sale.stats();
    model.checkStats(stats, context);
    if (model.config !== undefined) {
      expectModel(
        // a sale whose only stock is overdue holds is open: the next purchase takes them back
        stats.phase === (stats.available === 0 && stats.overdueHolds === 0 ? 'sold_out' : 'open'),
        () =>
          `${context}: phase ${stats.phase} with ${String(stats.available)} available, ${String(stats.overdueHolds)} overdue`,
      );
    }
    if (!model.users.includes(this.userId)) {
      const status = await real.sale.userStatus(this.userId);
      expectModel(
        model.config === undefined
          ? status === null
          : status?.used === 0 && status.reservations.length === 0,
        () => `${context}: ${JSON.stringify(status)}`,
      );
    }
    await afterStep(model, real, context);
  }

  toString(): string {
    return `stats + userStatus(${this.userId})`;
  }
}

/** Lets Redis's clock move on, so deadlines pass mid-sequence. */
export class WaitCommand implements SaleCommand {
  constructor(readonly ms: number) {}

  check(): boolean {
    return true;
  }

  async run(model: SaleModel, real: RealSale): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.ms));
    await afterStep(model, real, this.toString());
  }

  toString(): string {
    return `wait(${String(this.ms)} ms)`;
  }
}
