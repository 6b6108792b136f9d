/**
 * The demo's closing report: what happened to the crowd, the holds and the
 * units, each figure with the reason behind it, a table per item, then the checks.
 */
import type { PurchaseRejectionReason } from '../../src/index.js';
import type { Audit } from './audit.js';
import { SALE_WIDE, type CrowdPlan, type CrowdTally, type Fate } from './crowd.js';

/** Everything the report tells. */
export interface DemoResult {
  readonly holdMs: number;
  readonly plan: CrowdPlan;
  readonly tally: CrowdTally;
  readonly audit: Audit;
  readonly embedded: boolean;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => `${fmt(n)} ms`;
const INDENT = ' '.repeat(20);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One report line: a label, then text wrapped under it. */
function line(label: string, text: string): string {
  const words = text.split(' ');
  const rows: string[] = [];
  let row = '';
  for (const word of words) {
    if (row !== '' && row.length + word.length + 1 > 78) {
      rows.push(row);
      row = word;
    } else row = row === '' ? word : `${row} ${word}`;
  }
  rows.push(row);
  return `  ${label.padEnd(18)}${rows.join(`\n${INDENT}`)}`;
}

/** How soon the winners learned of their holds. */
function answerTimes({ tally, embedded }: DemoResult): string {
  const delays = tally.answerDelayMs;
  if (delays.length === 0) return 'no holds';
  const text = `the median winner heard of their hold ${ms(median(delays))} after it was made, the last one ${ms(Math.max(0, ...delays))} after`;
  return embedded
    ? `${text}: the embedded Redis runs in this process and answers a burst once all of it is decided`
    : text;
}

/** Why payments came late, from the figures measured. */
function latePayments({ plan, tally, embedded }: DemoResult): string {
  const intent = `each payer paid within the first ${String(plan.payWithinShare * 100)} % of the time left on the countdown shown to them`;
  const late = tally.lateByMs;
  if (late.length === 0) return `none: ${intent}, and every payment was taken`;
  const cause = embedded
    ? 'this one Node process also runs the embedded Redis and was busy deciding the crowd'
    : 'this Node process, which plays the whole crowd, was busy';
  return (
    `${fmt(late.length)}, sent ${ms(Math.min(...late))} to ${ms(Math.max(...late))} ` +
    `(median ${ms(median(late))}) after their deadline. ${intent}, but their timers fired up to ` +
    `${ms(Math.max(...tally.timerLagMs))} late: ${cause}. Redis's clock decides, so they were refused.`
  );
}

/** The refusal reasons the table has a column for; any other is named under it. */
const REASONS: readonly [PurchaseRejectionReason, string][] = [
  ['sold_out', 'sold out'],
  ['insufficient_stock', 'too few'],
  ['limit_reached', 'over limit'],
];

/** The per-item table: where the units went, and why requests naming each item were refused. */
function itemTable({ tally, audit }: DemoResult): string[] {
  const widths = [12, 8, 8, 8, 11, 10, 9, 12];
  const row = (cells: readonly (string | number)[]): string =>
    '  ' +
    cells
      .map((cell, i) => {
        const text = typeof cell === 'number' ? fmt(cell) : cell;
        return i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0);
      })
      .join('');
  const refusals = (item: string): number[] =>
    REASONS.map(([reason]) => tally.refused[item]?.[reason] ?? 0);
  const rows = audit.items.map(({ stats: s }) =>
    row([
      s.item,
      s.loaded + s.restocked - s.withdrawn,
      s.sold,
      s.held,
      s.available,
      ...refusals(s.item),
    ]),
  );
  const { stats: t } = audit;
  const total = (i: number): number =>
    Object.keys(tally.refused).reduce((sum, item) => sum + (refusals(item)[i] ?? 0), 0);
  const other = Object.entries(tally.refused[SALE_WIDE] ?? {}).map(
    ([reason, count]) => `${reason} ${fmt(count)}`,
  );
  return [
    'per item (units, then refused requests by the reason given)',
    row(['', 'stock', 'sold', 'held', 'available', ...REASONS.map(([, name]) => name)]),
    ...rows,
    row([
      'all',
      t.loaded + t.restocked - t.withdrawn,
      t.sold,
      t.held,
      t.available,
      total(0),
      total(1),
      total(2),
    ]),
    ...(other.length > 0 ? [line('whole sale', `refused: ${other.join(', ')}`)] : []),
  ];
}

/** Prints the report. */
export function printReport(result: DemoResult): void {
  const { tally, audit } = result;
  const count = (fate: Fate): number => tally.holds.filter((hold) => hold.fate === fate).length;
  const holds = tally.holds.length;
  const carts = tally.holds.filter((hold) => hold.order.lines.length > 1).length;
  const cameBackLate = Math.max(0, audit.stats.available - tally.availableAfterLastWave);
  const supply = audit.stats.loaded + audit.stats.restocked - audit.stats.withdrawn;
  const each = (pick: (item: Audit['items'][number]) => string): string =>
    audit.items.map((item) => `${item.stats.item} ${pick(item)}`).join(', ');
  console.log(
    [
      '',
      'what happened',
      line(
        'opening burst',
        `${fmt(tally.burstDecisions)} requests decided in ${(tally.burstMs / 1000).toFixed(1)} s ` +
          `(${fmt(tally.burstDecisions / (tally.burstMs / 1000))} a second, one Node process): ` +
          `${fmt(tally.burstReservations)} holds, every other request answered at once`,
      ),
      line(
        `${String(result.plan.waves)} later waves`,
        `${fmt(tally.decisions - tally.burstDecisions)} requests while held units came back: ` +
          `${fmt(holds - tally.burstReservations)} more holds`,
      ),
      line(
        `the ${fmt(holds)} holds`,
        `${fmt(carts)} of them carts, each held whole or not at all. ${fmt(count('paid'))} paid, ` +
          `${fmt(count('cancelled') + count('cancelled too late'))} cancelled, ` +
          `${fmt(count('walked away'))} never paid (expired), ` +
          `${fmt(count('paid too late'))} paid after the deadline (refused)`,
      ),
      line('answers', answerTimes(result)),
      line('paid too late', latePayments(result)),
      line(
        'sold',
        `${fmt(audit.stats.sold)} of ${fmt(supply)} units; ${fmt(audit.stats.available)} unsold: ` +
          `${fmt(tally.availableAfterLastWave)} still free after the last wave, ` +
          `${fmt(cameBackLate)} came back later (cancelled or unpaid) with no buyer left to take them`,
      ),
      line(
        'double clicks',
        `one buyer in ten clicked twice; ${fmt(tally.replayed)} second clicks got the same hold ` +
          'back (same idempotency key), never a second one',
      ),
      '',
      ...itemTable(result),
      '',
      'checks',
      line(
        'oversold',
        `${fmt(audit.items.reduce((n, item) => n + item.oversold, 0))}   (must be 0; ${each((item) => fmt(item.oversold))})`,
      ),
      line(
        'over their limit',
        `${fmt(audit.usersOverLimit)}   (must be 0; ${fmt(audit.stats.perUserLimit)} per buyer in all, ` +
          `${each((item) => String(item.stats.perUserLimit ?? '-'))})`,
      ),
      line(
        'partial carts',
        `${fmt(audit.partialHolds)}   (must be 0: every hold has every line asked for)`,
      ),
      line(
        'conservation',
        `${audit.conserved && audit.items.every((item) => item.conserved) ? 'holds' : 'BROKEN'}   ` +
          '(available + held + sold = stock, per item and for the sale)',
      ),
      line(
        "buyers' tally",
        `${audit.disagreements === 0 && audit.items.every((item) => item.soldByBuyers === item.stats.sold) ? 'agrees' : 'DISAGREES'}   ` +
          `(units the buyers paid for: ${each((item) => fmt(item.soldByBuyers))}; ` +
          `${fmt(audit.disagreements)} holds told differently by the sale)`,
      ),
      '',
    ].join('\n'),
  );
}
