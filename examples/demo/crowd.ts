/**
 * A flash crowd against one sale: buyers arrive in an opening burst and then in
 * later waves; winners pay, cancel, or never pay (their holds expire and the units
 * go back on sale). A sweeper calls expire() all along, as a real deployment would.
 *
 * A winner acts on what a real buyer sees: the countdown to the hold's deadline,
 * from the moment the answer reached them. A payer pays within the first
 * `payWithinShare` of the time left, so every payment is meant to be in time;
 * one that is refused as late tells of a process too busy to keep its timers.
 */
import type { FlashSale, PurchaseRejectionReason, Reservation } from '../../src/index.js';
import { isReservationReleasedError } from '../../src/index.js';

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

/** What the crowd saw, counted from the results the library returned. */
export interface CrowdTally {
  decisions: number;
  burstDecisions: number;
  burstMs: number;
  reservations: number;
  /** Holds made in the opening burst (the rest went to later waves, on units that came back). */
  burstReservations: number;
  replayed: number;
  paid: number;
  cancelled: number;
  paymentRefused: number;
  /** For each hold: how long after it was made its answer reached the buyer (this machine's clock). */
  readonly answerDelayMs: number[];
  /** For each refused payment: how long after its deadline it was sent. */
  readonly lateByMs: number[];
  /** For each refused payment: how much later than planned its timer let it pay. */
  readonly timerLagMs: number[];
  /** Units available right after the last wave's decisions. */
  availableAfterLastWave: number;
  rejected: Partial<Record<PurchaseRejectionReason, number>>;
  readonly winners: Set<string>;
}

const sleep = async (ms: number): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
};

/** A fixed spread in [0, 1) per buyer, so runs are comparable. */
const spread = (index: number, prime: number): number => ((index * prime) % 1000) / 1000;

/** Runs the crowd; `onDecision` is called after every tryPurchase answer. */
export async function runCrowd(
  sale: FlashSale,
  plan: CrowdPlan,
  onDecision: () => void,
): Promise<CrowdTally> {
  const tally: CrowdTally = {
    decisions: 0,
    burstDecisions: 0,
    burstMs: 0,
    reservations: 0,
    burstReservations: 0,
    replayed: 0,
    paid: 0,
    cancelled: 0,
    paymentRefused: 0,
    answerDelayMs: [],
    lateByMs: [],
    timerLagMs: [],
    availableAfterLastWave: 0,
    rejected: {},
    winners: new Set(),
  };
  const afterSale: Promise<void>[] = [];

  const buyer = async (index: number): Promise<void> => {
    const userId = `user-${String(index % plan.distinctUsers)}`;
    // One buyer in ten double-clicks: same request id, so one decision, two answers.
    const clicks = index % 10 === 0 ? 2 : 1;
    const answers = await Promise.all(
      Array.from({ length: clicks }, () =>
        sale.tryPurchase(userId, { idempotencyKey: `click-${String(index)}` }),
      ),
    );
    const answeredAt = Date.now();
    for (const answer of answers) {
      tally.decisions++;
      onDecision();
      if (!answer.ok) tally.rejected[answer.reason] = (tally.rejected[answer.reason] ?? 0) + 1;
      else if (answer.replayed) tally.replayed++;
    }
    const won = answers.find((answer) => answer.ok && !answer.replayed);
    if (!won?.ok) return;
    tally.reservations++;
    tally.winners.add(userId);
    tally.answerDelayMs.push(answeredAt - won.reservation.createdAtMs);
    afterSale.push(settle(won.reservation, index, answeredAt));
  };

  const settle = async (
    reservation: Reservation,
    index: number,
    answeredAt: number,
  ): Promise<void> => {
    const fate = spread(index, 7919);
    const timeLeft = reservation.deadlineMs - answeredAt;
    const plannedAt = answeredAt + spread(index, 104_729) * plan.payWithinShare * timeLeft;
    await sleep(plannedAt - Date.now());
    if (fate < plan.payShare) {
      const sentAt = Date.now();
      try {
        await sale.confirm(reservation.id);
        tally.paid++;
      } catch (error) {
        if (!isReservationReleasedError(error)) throw error;
        // Paid after the deadline: refused, and the unit went back on sale.
        tally.paymentRefused++;
        tally.lateByMs.push(sentAt - reservation.deadlineMs);
        tally.timerLagMs.push(sentAt - plannedAt);
      }
    } else if (fate < plan.payShare + plan.cancelShare) {
      await sale.cancel(reservation.id);
      tally.cancelled++;
    } // otherwise the buyer walks away; the hold expires
  };

  const burst = Math.round(plan.buyers * plan.burstShare);
  const started = performance.now();
  await Promise.all(Array.from({ length: burst }, (_, i) => buyer(i)));
  tally.burstMs = performance.now() - started;
  tally.burstDecisions = tally.decisions;
  tally.burstReservations = tally.reservations;

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
