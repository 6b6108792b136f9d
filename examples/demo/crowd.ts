/**
 * A flash crowd against one sale: buyers arrive in an opening burst and then in
 * later waves; winners pay, cancel, or never pay (their holds expire and the units
 * go back on sale). A sweeper calls expire() all along, as a real deployment would.
 */
import type { FlashSale, PurchaseRejectionReason } from '../../src/index.js';
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
  readonly payDelayMaxMs: number;
}

/** What the crowd saw, counted from the results the library returned. */
export interface CrowdTally {
  decisions: number;
  burstDecisions: number;
  burstMs: number;
  reservations: number;
  replayed: number;
  paid: number;
  cancelled: number;
  paymentRefused: number;
  rejected: Partial<Record<PurchaseRejectionReason, number>>;
  readonly winners: Set<string>;
}

const sleep = async (ms: number): Promise<void> => {
  await new Promise((resolve) => setTimeout(resolve, ms));
};

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
    replayed: 0,
    paid: 0,
    cancelled: 0,
    paymentRefused: 0,
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
    afterSale.push(settle(won.reservation.id, index));
  };

  const settle = async (reservationId: string, index: number): Promise<void> => {
    const fate = (index * 7919) % 100;
    await sleep((index * 104_729) % plan.payDelayMaxMs);
    if (fate < plan.payShare * 100) {
      try {
        await sale.confirm(reservationId);
        tally.paid++;
      } catch (error) {
        if (!isReservationReleasedError(error)) throw error;
        tally.paymentRefused++; // paid too late: refused, the unit went back on sale
      }
    } else if (fate < (plan.payShare + plan.cancelShare) * 100) {
      await sale.cancel(reservationId);
      tally.cancelled++;
    } // otherwise the buyer walks away; the hold expires
  };

  const burst = Math.round(plan.buyers * plan.burstShare);
  const started = performance.now();
  await Promise.all(Array.from({ length: burst }, (_, i) => buyer(i)));
  tally.burstMs = performance.now() - started;
  tally.burstDecisions = tally.decisions;

  const perWave = Math.ceil((plan.buyers - burst) / plan.waves);
  for (let wave = 0, next = burst; next < plan.buyers; wave++) {
    await sleep(plan.waveGapMs);
    const end = Math.min(plan.buyers, next + perWave);
    const wavePromises: Promise<void>[] = [];
    for (; next < end; next++) wavePromises.push(buyer(next));
    await Promise.all(wavePromises);
  }
  await Promise.all(afterSale);
  return tally;
}
