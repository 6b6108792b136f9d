/**
 * The bench's "zero cost when nobody listens" figures: tryPurchase with nobody
 * listening, with a no-op listener and with the OpenTelemetry bridge, alternating
 * case by case (three rounds, medians) against the same server so machine noise
 * falls on all alike; and the publish path alone, without Redis.
 */
import { printTable } from '../print-table.js';
import { measureObservedRate } from './observed-rate.js';
import { OBSERVERS } from './observers.js';
import { measurePublishPath } from './publish-path.js';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Measures and prints both tables. */
export async function reportDiagnosticsCost(
  port: number,
  durationMs: number,
  concurrency = 64,
): Promise<void> {
  const rates = new Map(OBSERVERS.map((observer) => [observer, [] as number[]]));
  const cpu = new Map(OBSERVERS.map((observer) => [observer, [] as number[]]));
  for (let round = 0; round < 3; round++) {
    for (const observer of OBSERVERS) {
      const measured = await measureObservedRate(port, observer, concurrency, durationMs);
      rates.get(observer)?.push(measured.rate);
      cpu.get(observer)?.push(measured.cpuUsPerDecision);
    }
  }
  const baseRate = median(rates.get('none') ?? []);
  const baseCpu = median(cpu.get('none') ?? []);
  const change = (value: number, base: number): string =>
    value === base ? '—' : `${(((value - base) / base) * 100).toFixed(1)} %`;
  console.log(
    `\ndiagnostics: tryPurchase with and without listeners (batches ≤64, c=${String(concurrency)}, median of 3 alternating runs):`,
  );
  printTable(
    ['listening', 'decisions/s', 'change', 'Node CPU µs/decision', 'change'],
    OBSERVERS.map((observer) => {
      const rate = median(rates.get(observer) ?? []);
      const us = median(cpu.get(observer) ?? []);
      return [observer, fmt(rate), change(rate, baseRate), us.toFixed(2), change(us, baseCpu)];
    }),
  );
  const path = OBSERVERS.map((observer) => [observer, measurePublishPath(observer)] as const);
  console.log('the publish path alone (no Redis): ns per purchase');
  printTable(
    ['listening', 'ns/purchase'],
    path.map(([observer, ns]) => [observer, ns.toFixed(1)]),
  );
}
