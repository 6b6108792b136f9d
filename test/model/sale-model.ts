/**
 * The in-memory model of one sale for the model-based test: what every call
 * must answer, given what the model knows and the window of Redis time in which
 * the call ran.
 *
 * Redis's TIME decides deadlines, and the test only knows that a call ran
 * between two TIME reads (`t0` just before, `t1` just after). A hold whose
 * deadline falls in that window may or may not have been overdue when the call
 * ran: the model accepts either outcome and follows what Redis did. Outside the
 * window it is exact.
 *
 * Overdue holds may end lazily (the semantics issue 7 asks for): a purchase
 * that finds too little stock or a buyer at their limit may first release
 * overdue holds as expired, and reads may report an overdue hold as expired
 * before any expire() ran. So a hold past its deadline is "loose": counted as
 * held or not, found `held` or `released/expired` by a read, until something
 * settles it; a hold before its deadline is exact. Every observation is checked
 * against the model (a hold ends once, and ended is final) and then adopted.
 */
import type { Reservation, ReleaseReason, SaleStats, UserStatus } from '../../src/index.js';

/** What the model knows of one reservation. */
export interface ModelHold {
  readonly id: string;
  readonly userId: string;
  readonly quantity: number;
  readonly createdAtMs: number;
  readonly deadlineMs: number;
  state: 'held' | 'sold' | 'released';
  reason: ReleaseReason | null;
  /**
   * For a hold seen released as expired: false while the units may still be
   * counted as held (reported expired by a read, or released by a purchase the
   * model cannot see), true once a call is known to have returned them.
   */
  settled: boolean;
  /** expire() returned it (it may do so once). */
  returnedByExpire: boolean;
}

/** The settings of the last preload that took effect. */
export interface ModelConfig {
  readonly stock: number;
  readonly perUserLimit: number;
  readonly holdMs: number;
}

/** A violation of the contract: fails the run with the sequence that led to it. */
export class ModelViolation extends Error {
  override name = 'ModelViolation';
}

/** Fails the run when `condition` is false. */
export function expectModel(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new ModelViolation(message());
}

/** Lower and upper bound of a number the model cannot know exactly. */
export interface Bounds {
  readonly min: number;
  readonly max: number;
}

/** The model. */
export class SaleModel {
  config: ModelConfig | undefined;
  /** loaded + restocked − withdrawn */
  total = 0;
  loaded = 0;
  restocked = 0;
  withdrawn = 0;
  readonly holds = new Map<string, ModelHold>();
  readonly idempotency = new Map<string, ModelHold>();
  /** Redis time at the end of the previous step: `t0` of the next call. */
  lastTimeMs = 0;
  /** After an expire() that reported nothing more due: no hold due by this time is still held. */
  sweptUpToMs = Number.NEGATIVE_INFINITY;

  constructor(
    readonly holdMs: number,
    readonly users: readonly string[],
  ) {}

  /** Holds, in the order they were made. */
  list(): ModelHold[] {
    return [...this.holds.values()];
  }

  private units(filter: (hold: ModelHold) => boolean): number {
    let sum = 0;
    for (const hold of this.holds.values()) if (filter(hold)) sum += hold.quantity;
    return sum;
  }

  /** Units sold (exact), of one user or of all. */
  sold(userId?: string): number {
    return this.units((h) => h.state === 'sold' && (userId === undefined || h.userId === userId));
  }

  /**
   * Units held at Redis time `atMs`, as bounds: a hold before its deadline is
   * held; one past it (or reported expired but maybe not yet returned) may be
   * counted either way.
   */
  held(atMs: number, userId?: string): Bounds {
    const mine = (h: ModelHold): boolean => userId === undefined || h.userId === userId;
    const firm = this.units((h) => mine(h) && h.state === 'held' && h.deadlineMs > atMs);
    const loose = this.units(
      (h) =>
        mine(h) &&
        ((h.state === 'held' && h.deadlineMs <= atMs) ||
          (h.state === 'released' && h.reason === 'expired' && !h.settled)),
    );
    return { min: firm, max: firm + loose };
  }

  /** Units available at `atMs`, as bounds (the complement of held). */
  available(atMs: number): Bounds {
    const held = this.held(atMs);
    const free = this.total - this.sold();
    return { min: free - held.max, max: free - held.min };
  }

  /** A user's held + sold units at `atMs`, as bounds. */
  used(userId: string, atMs: number): Bounds {
    const held = this.held(atMs, userId);
    const sold = this.sold(userId);
    return { min: sold + held.min, max: sold + held.max };
  }

  /** The largest used of any user (bounds' max), for preloads that must not cut below it. */
  maxUsed(atMs: number): number {
    return Math.max(0, ...this.users.map((user) => this.used(user, atMs).max));
  }

  /**
   * Checks a reservation the library reported (at a time no later than
   * `readAtMs`) against the model, and adopts a hold it found expired.
   */
  observe(reservation: Reservation, readAtMs: number, context: string): void {
    const hold = this.holds.get(reservation.id);
    expectModel(hold !== undefined, () => `${context}: unknown reservation ${reservation.id}`);
    const what = `${context}: ${reservation.id} (model: ${hold.state}/${String(hold.reason)}, deadline ${String(hold.deadlineMs)})`;
    expectModel(
      reservation.userId === hold.userId &&
        reservation.quantity === hold.quantity &&
        reservation.createdAtMs === hold.createdAtMs &&
        reservation.deadlineMs === hold.deadlineMs,
      () => `${what}: its fields changed: ${JSON.stringify(reservation)}`,
    );
    if (hold.state !== 'held') {
      // ended is final
      expectModel(
        reservation.state === hold.state && reservation.releaseReason === hold.reason,
        () =>
          `${what}: ended reservation now reads ${reservation.state}/${String(reservation.releaseReason)}`,
      );
      return;
    }
    if (reservation.state === 'held') {
      expectModel(
        hold.deadlineMs > this.sweptUpToMs,
        () =>
          `${what}: still held although expire() reported no overdue hold left at ${String(this.sweptUpToMs)}`,
      );
      return;
    }
    // only the deadline ends a hold behind the model's back
    expectModel(
      reservation.state === 'released' &&
        reservation.releaseReason === 'expired' &&
        hold.deadlineMs <= readAtMs,
      () =>
        `${what}: reads ${reservation.state}/${String(reservation.releaseReason)} at ${String(readAtMs)}`,
    );
    hold.state = 'released';
    hold.reason = 'expired';
    hold.settled = false;
  }

  /** Checks the sale's stats read at `stats.nowMs`. */
  checkStats(stats: SaleStats, context: string): void {
    if (this.config === undefined) {
      expectModel(
        stats.phase === 'not_loaded',
        () => `${context}: phase ${stats.phase} before any preload`,
      );
      return;
    }
    const at = stats.nowMs;
    const show = (): string =>
      `${context}: stats ${JSON.stringify(stats)} vs model total ${String(this.total)} sold ${String(this.sold())} held ${JSON.stringify(this.held(at))}`;
    expectModel(
      stats.available + stats.held + stats.sold ===
        stats.loaded + stats.restocked - stats.withdrawn,
      () => `conservation broken: ${show()}`,
    );
    expectModel(stats.available >= 0 && stats.held >= 0, () => `negative counter: ${show()}`);
    expectModel(
      stats.loaded === this.loaded &&
        stats.restocked === this.restocked &&
        stats.withdrawn === this.withdrawn &&
        stats.sold === this.sold() &&
        stats.perUserLimit === this.config.perUserLimit,
      show,
    );
    const held = this.held(at);
    expectModel(stats.held >= held.min && stats.held <= held.max, show);
  }

  /** Checks one user's status read between `fromMs` and `toMs`, adopting what it shows. */
  checkUser(userId: string, status: UserStatus | null, toMs: number, context: string): void {
    if (this.config === undefined) {
      expectModel(status === null, () => `${context}: status of ${userId} before any preload`);
      return;
    }
    expectModel(status !== null, () => `${context}: no status for ${userId} of a loaded sale`);
    const limit = this.config.perUserLimit;
    const show = (): string =>
      `${context}: userStatus(${userId}) ${JSON.stringify({ ...status, reservations: status.reservations.length })}`;
    expectModel(status.perUserLimit === limit, show);
    expectModel(status.used <= limit, () => `per-user limit broken: ${show()}`);
    expectModel(status.remaining === Math.max(0, limit - status.used), show);
    for (const reservation of status.reservations) {
      expectModel(
        reservation.userId === userId,
        () => `${show()}: lists ${reservation.id} of ${reservation.userId}`,
      );
      this.observe(reservation, toMs, `userStatus(${userId})`);
    }
    const listed = new Set(status.reservations.map((r) => r.id));
    for (const hold of this.holds.values()) {
      const due = hold.state === 'sold' || (hold.state === 'held' && hold.deadlineMs > toMs);
      if (hold.userId === userId && due) {
        expectModel(listed.has(hold.id), () => `${show()}: does not list ${hold.state} ${hold.id}`);
      }
    }
    // after adopting what it showed: its count lies within the model's bounds
    const used = this.used(userId, toMs);
    expectModel(
      status.used >= used.min && status.used <= used.max,
      () => `${show()}: used outside ${JSON.stringify(used)}`,
    );
  }
}
