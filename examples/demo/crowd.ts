/**
 * A flash crowd against one multi-item sale: buyers arrive in an opening burst
 * and then in later waves, each placing one order of the drop's mix (a single
 * line or a cart, see drop.ts); winners pay, cancel, or never pay (their holds
 * expire and the units go back on sale). A sweeper calls expire() all along, as
 * a real deployment would.
 *
 * A winner acts on what a real buyer sees: the countdown to the hold's deadline,
 * from the moment the answer reached them. A payer pays within the first
 * `payWithinShare` of the time left, so every payment is meant to be in time;
 * one that is refused as late tells of a process too busy to keep its timers.
 *
 * The tally is the buyers' own record, kept apart from the sale's numbers so the
 * audit can hold one against the other.
 */
import type {
  FlashSale,
  PurchaseRejectionReason,
  PurchaseResult,
  Reservation,
} from '../../src/index.js';
import { isReservationReleasedError } from '../../src/index.js';
import { orderFor, type Order } from './drop.js';

/** The crowd's shape. */
export interface CrowdPlan {
  readonly buyers: number;
  readonly distinctUsers: number;
  readonly burstShare: number;
  readonly waves: number;
  readonly waveGapMs: number;
  readonly payShare: number;
  readonly cancelShare: number;
  /** A payer pays at a point within this share of the time left on the countdown. */
  readonly payWithinShare: number;
}

/** What became of a hold, as its buyer saw it. */
export type Fate =
  'held' | 'paid' | 'cancelled' | 'cancelled too late' | 'walked away' | 'paid too late';

/** One hold a buyer won, as the buyer recorded it. */
export interface WonHold {
  readonly reservation: Reservation;
  /** What the buyer asked for: the hold must carry exactly these lines. */
  readonly order: Order;
  fate: Fate;
}

/** Refusals of one item (or of the whole sale, under `SALE_WIDE`), by reason. */
export type Refusals = Partial<Record<PurchaseRejectionReason, number>>;

/** Where refusals that name no item (not_loaded, not_started, ended) are counted. */
export const SALE_WIDE = '(sale)';

/** What the crowd saw, counted from the results the library returned. */
export interface CrowdTally {
  decisions: number;
  burstDecisions: number;
  burstMs: number;
  /** Holds made in the opening burst (the rest went to later waves, on units that came back). */
  burstReservations: number;
  replayed: number;
  /** Double clicks answered with two different holds (must be 0: the key makes one decision). */
  doubleHolds: number;
  readonly holds: WonHold[];
  /** For each hold: how long after it was made its answer reached the buyer (this machine's clock). */
  readonly answerDelayMs: number[];
  /** For each refused payment: how long after its deadline it was sent. */
  readonly lateByMs: number[];
  /** For each refused payment: how much later than planned its timer let it pay. */
  readonly timerLagMs: number[];
  /** Units available (all items) right after the last wave's decisions. */
  availableAfterLastWave: number;
  /** Refusals by the item of the refused line, then by reason. */
  readonly refused: Record<string, Refusals>;
}

const sleep = async (ms: number): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
};

/** A fixed spread in [0, 1) per buyer, so runs are comparable. */
const spread = (index: number, prime: number): number => ((index * prime) % 1000) / 1000;

/** Sends one order: one line through tryPurchase, several through tryPurchaseCart. */
async function place(
  sale: FlashSale,
  userId: string,
  order: Order,
  idempotencyKey: string,
): Promise<PurchaseResult> {
  const metadata = { order: order.name }; // carried into the order events
  const [only, ...more] = order.lines;
  return only !== undefined && more.length === 0
    ? sale.tryPurchase(userId, { ...only, idempotencyKey, metadata })
    : sale.tryPurchaseCart(userId, { lines: order.lines, idempotencyKey, metadata });
}

/** Runs the crowd; `onDecision` is called after every answer. */
export async function runCrowd(
  sale: FlashSale,
  plan: CrowdPlan,
  onDecision: () => void,
): Promise<CrowdTally> {
  const tally: CrowdTally = {
    decisions: 0,
    burstDecisions: 0,
    burstMs: 0,
    burstReservations: 0,
    replayed: 0,
    doubleHolds: 0,
    holds: [],
    answerDelayMs: [],
    lateByMs: [],
    timerLagMs: [],
    availableAfterLastWave: 0,
    refused: {},
  };
  const afterSale: Promise<void>[] = [];

  const buyer = async (index: number): Promise<void> => {
    const userId = `user-${String(index % plan.distinctUsers)}`;
    const order = orderFor((index * 6271) % 1000);
    // One buyer in ten double-clicks: same request id, so one decision, two answers.
    const clicks = index % 10 === 0 ? 2 : 1;
    const answers = await Promise.all(
      Array.from({ length: clicks }, () => place(sale, userId, order, `click-${String(index)}`)),
    );
    const answeredAt = Date.now();
    const ids = new Set<string>();
    for (const answer of answers) {
      tally.decisions++;
      onDecision();
      if (answer.ok) {
        ids.add(answer.reservation.id);
        if (answer.replayed) tally.replayed++;
        continue;
      }
      const byItem = (tally.refused[answer.item ?? SALE_WIDE] ??= {});
      byItem[answer.reason] = (byItem[answer.reason] ?? 0) + 1;
    }
    if (ids.size > 1) tally.doubleHolds++;
    const won = answers.find((answer) => answer.ok && !answer.replayed);
    if (!won?.ok) return;
    const hold: WonHold = { reservation: won.reservation, order, fate: 'held' };
    tally.holds.push(hold);
    tally.answerDelayMs.push(answeredAt - won.reservation.createdAtMs);
    afterSale.push(settle(hold, index, answeredAt));
  };

  const settle = async (hold: WonHold, index: number, answeredAt: number): Promise<void> => {
    const { reservation } = hold;
    const fate = spread(index, 7919);
    const timeLeft = reservation.deadlineMs - answeredAt;
    const plannedAt = answeredAt + spread(index, 104_729) * plan.payWithinShare * timeLeft;
    await sleep(plannedAt - Date.now());
    if (fate < plan.payShare) {
      const sentAt = Date.now();
      try {
        await sale.confirm(reservation.id); // a cart is paid as one reservation
        hold.fate = 'paid';
      } catch (error) {
        if (!isReservationReleasedError(error)) throw error;
        // Paid after the deadline: refused, and the units went back on sale.
        hold.fate = 'paid too late';
        tally.lateByMs.push(sentAt - reservation.deadlineMs);
        tally.timerLagMs.push(sentAt - plannedAt);
      }
    } else if (fate < plan.payShare + plan.cancelShare) {
      // A cancel that arrives after the deadline finds the hold already expired.
      const ended = await sale.cancel(reservation.id);
      hold.fate = ended.releaseReason === 'expired' ? 'cancelled too late' : 'cancelled';
    } else hold.fate = 'walked away'; // the hold expires
  };

  const burst = Math.round(plan.buyers * plan.burstShare);
  const started = performance.now();
  await Promise.all(Array.from({ length: burst }, (_, i) => buyer(i)));
  tally.burstMs = performance.now() - started;
  tally.burstDecisions = tally.decisions;
  tally.burstReservations = tally.holds.length;

  const perWave = Math.ceil((plan.buyers - burst) / plan.waves);
  for (let next = burst; next < plan.buyers;) {
    await sleep(plan.waveGapMs);
    const end = Math.min(plan.buyers, next + perWave);
    const wave: Promise<void>[] = [];
    for (; next < end; next++) wave.push(buyer(next));
    await Promise.all(wave);
  }
  tally.availableAfterLastWave = (await sale.stats()).available;
  await Promise.all(afterSale);
  return tally;
}
