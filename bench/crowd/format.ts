/** How the crowd bench prints numbers. */
import { quantileMs, type HistogramData } from './histogram.js';

/** A count or rate, rounded, with thousands separators. */
export const count = (n: number): string =>
  Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';

/** Microseconds with one decimal. */
export const micros = (n: number): string => (Number.isFinite(n) ? n.toFixed(1) : '–');

/** Milliseconds, two significant decimals below 10 ms. */
export const millis = (n: number): string =>
  Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(0)) : '–';

/** p50, p99 and max of a histogram, in ms. */
export const latencyCells = (data: HistogramData): string[] => [
  millis(quantileMs(data, 0.5)),
  millis(quantileMs(data, 0.99)),
  millis(data.maxMs),
];
