/**
 * After the crowd: checks the sale's promises twice, once from the sale's own
 * numbers (stats, itemStats, userStatus) and once from the buyers' own tally, so
 * a bug that skews both the counters and the records in step still shows up
 * where they disagree.
 */
import type { FlashSale, ItemStats, Reservation, SaleStats } from '../../src/index.js';
import type { CrowdTally, Fate, WonHold } from './crowd.js';
import { linesKey } from './drop.js';

/** One item's checks. */
export interface ItemAudit {
  readonly stats: ItemStats;
  /** Units held or sold beyond the item's supply (must be 0). */
  readonly oversold: number;
  /** available + held + sold = loaded + restocked - withdrawn. */
  readonly conserved: boolean;
  /** Units sold as the buyers counted them: the lines of the holds they paid for. */
  readonly soldByBuyers: number;
}

/** The checks the demo prints. */
export interface Audit {
  readonly stats: SaleStats;
  readonly items: readonly ItemAudit[];
  /** The sale's numbers add up, and equal the sums over its items. */
  readonly conserved: boolean;
  /** Buyers who at some instant held + owned more than the sale's or an item's limit. */
  readonly usersOverLimit: number;
  /** Holds whose lines are not exactly the order placed (a cart held in part). */
  readonly partialHolds: number;
  /** Holds the sale and the buyers tell differently: unknown to one side, or another fate. */
  readonly disagreements: number;
}

/** The state and release reason the sale must show for each fate a buyer saw. */
const EXPECTED: Record<Fate, string> = {
  held: 'held',
  paid: 'sold',
  cancelled: 'released cancelled',
  'cancelled too late': 'released expired',
  'walked away': 'released expired',
  'paid too late': 'released expired',
};
const shown = (r: Reservation): string =>
  r.state === 'released' ? `released ${String(r.releaseReason)}` : r.state;

/** When a reservation stopped counting against its buyer's limits (Infinity: never). */
function endOf(r: Reservation): number {
  if (r.state !== 'released') return Infinity;
  const ended = r.endedAtMs ?? r.deadlineMs;
  // an overdue hold stops counting at its deadline, whenever it is swept
  return r.releaseReason === 'expired' ? Math.min(ended, r.deadlineMs) : ended;
}

/** True when, at some instant by Redis's clock, the buyer's units broke a limit. */
function overLimit(
  reservations: readonly Reservation[],
  saleLimit: number,
  itemLimits: ReadonlyMap<string, number | null>,
): boolean {
  const steps = reservations.flatMap((r) => [
    { at: r.createdAtMs, sign: 1, r },
    { at: endOf(r), sign: -1, r },
  ]);
  steps.sort((a, b) => a.at - b.at || a.sign - b.sign); // a release before a hold at the same ms
  const units = new Map<string, number>();
  for (const { sign, r } of steps) {
    for (const line of [...r.lines, { item: '', quantity: r.quantity }]) {
      const now = (units.get(line.item) ?? 0) + sign * line.quantity;
      units.set(line.item, now);
      const limit = line.item === '' ? saleLimit : itemLimits.get(line.item);
      if (limit !== undefined && limit !== null && now > limit) return true;
    }
  }
  return false;
}

/** Reads the final numbers and every winner's standing, and holds them against the tally. */
export async function auditSale(
  sale: FlashSale,
  itemIds: readonly string[],
  tally: CrowdTally,
): Promise<Audit> {
  const stats = await sale.stats();
  const page = await sale.itemStats(itemIds);
  const paid = tally.holds.filter((hold) => hold.fate === 'paid');
  const items = page.items
    .flatMap((s) => (s === null ? [] : [s]))
    .map((s): ItemAudit => {
      const supply = s.loaded + s.restocked - s.withdrawn;
      const soldByBuyers = paid
        .flatMap((hold) => hold.order.lines)
        .filter((line) => line.item === s.item)
        .reduce((sum, line) => sum + line.quantity, 0);
      return {
        stats: s,
        oversold: Math.max(0, s.held + s.sold - supply),
        conserved: s.available + s.held + s.sold === supply,
        soldByBuyers,
      };
    });
  const sum = (pick: (s: ItemStats) => number): number =>
    items.reduce((total, item) => total + pick(item.stats), 0);
  const supply = stats.loaded + stats.restocked - stats.withdrawn;
  const conserved =
    items.length === itemIds.length &&
    stats.available + stats.held + stats.sold === supply &&
    stats.available === sum((s) => s.available) &&
    stats.held === sum((s) => s.held) &&
    stats.sold === sum((s) => s.sold) &&
    supply === sum((s) => s.loaded + s.restocked - s.withdrawn);

  const itemLimits = new Map(items.map((item) => [item.stats.item, item.stats.perUserLimit]));
  const byUser = new Map<string, WonHold[]>();
  for (const hold of tally.holds) {
    const list = byUser.get(hold.reservation.userId) ?? [];
    byUser.set(hold.reservation.userId, [...list, hold]);
  }
  let usersOverLimit = 0;
  let partialHolds = 0;
  let disagreements = tally.doubleHolds;
  for (const [userId, holds] of byUser) {
    const records = (await sale.userStatus(userId))?.reservations ?? [];
    const known = new Map(holds.map((hold) => [hold.reservation.id, hold]));
    disagreements += records.filter((r) => !known.has(r.id)).length; // a hold no buyer heard of
    for (const hold of holds) {
      const record = records.find((r) => r.id === hold.reservation.id);
      const asked = linesKey(hold.order.lines);
      if (
        linesKey(hold.reservation.lines) !== asked ||
        (record && linesKey(record.lines) !== asked)
      )
        partialHolds++;
      if (record === undefined || shown(record) !== EXPECTED[hold.fate]) disagreements++;
    }
    // the buyers' own count of what they paid for, and the sale's timeline of each buyer
    const bought = holds.filter((hold) => hold.fate === 'paid').map((hold) => hold.reservation);
    if (
      overLimit(bought, stats.perUserLimit, itemLimits) ||
      overLimit(records, stats.perUserLimit, itemLimits)
    )
      usersOverLimit++;
  }
  return { stats, items, conserved, usersOverLimit, partialHolds, disagreements };
}

/** True when every check passed. */
export function auditPassed(audit: Audit): boolean {
  return (
    audit.conserved &&
    audit.usersOverLimit === 0 &&
    audit.partialHolds === 0 &&
    audit.disagreements === 0 &&
    audit.items.every((item) => item.oversold === 0 && item.conserved) &&
    audit.items.every((item) => item.soldByBuyers === item.stats.sold)
  );
}
