/**
 * The demo's closing report: what happened to the crowd, the holds and the
 * units, each figure with the reason behind it, then the checks.
 */
import type { Audit } from './audit.js';
import type { CrowdPlan, CrowdTally } from './crowd.js';
/** Everything the report tells. */
export interface DemoResult {
  readonly stock: number;
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
  if (tally.paymentRefused === 0) return `none: ${intent}, and every payment was taken`;
  const late = tally.lateByMs;
  const cause = embedded
    ? 'this one Node process also runs the embedded Redis and was busy deciding the crowd'
    : 'this Node process, which plays the whole crowd, was busy';
  return (
    `${fmt(tally.paymentRefused)}, sent ${ms(Math.min(...late))} to ${ms(Math.max(...late))} ` +
    `(median ${ms(median(late))}) after their deadline. ${intent}, but their timers fired up to ` +
    `${ms(Math.max(...tally.timerLagMs))} late: ${cause}. Redis's clock decides, so they were refused.`
  );
}

/** Prints the report. */
export function printReport(result: DemoResult): void {
  const { tally, audit } = result;
  const waveDecisions = tally.decisions - tally.burstDecisions;
  const waveHolds = tally.reservations - tally.burstReservations;
  const unpaid = tally.reservations - audit.stats.sold - tally.cancelled - tally.paymentRefused;
  const cameBackLate = Math.max(0, audit.stats.available - tally.availableAfterLastWave);
  const refusals = Object.entries(tally.rejected)
    .map(([reason, count]) => `${reason} ${fmt(count)}`)
    .join(', ');
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
        `${fmt(waveDecisions)} requests while held units came back: ${fmt(waveHolds)} more holds`,
      ),
      line(
        `the ${fmt(tally.reservations)} holds`,
        `${fmt(audit.stats.sold)} paid, ${fmt(tally.cancelled)} cancelled, ${fmt(unpaid)} never paid ` +
          `(expired), ${fmt(tally.paymentRefused)} paid after the deadline (refused)`,
      ),
      line('answers', answerTimes(result)),
      line('paid too late', latePayments(result)),
      line(
        'sold',
        `${fmt(audit.stats.sold)} of ${fmt(result.stock)} units; ${fmt(audit.stats.available)} unsold: ` +
          `${fmt(tally.availableAfterLastWave)} still free after the last wave, ` +
          `${fmt(cameBackLate)} came back later (cancelled or unpaid) with no buyer left to take them`,
      ),
      line('refused requests', refusals === '' ? 'none' : refusals),
      line(
        'double clicks',
        `one buyer in ten clicked twice; ${fmt(tally.replayed)} second clicks got the same hold ` +
          'back (same idempotency key), never a second unit',
      ),
      '',
      'checks',
      line('oversold', `${String(audit.oversold)}   (must be 0)`),
      line('over their limit', `${String(audit.usersOverLimit)}   (must be 0)`),
      line(
        'conservation',
        `${audit.conserved ? 'holds' : 'BROKEN'}   (available + held + sold = stock)`,
      ),
      '',
    ].join('\n'),
  );
}
