/**
 * Latency histogram with log-spaced buckets (2 % wide): children fill one each,
 * the parent adds them up and reads quantiles, without shipping every sample.
 */

const GROWTH = 1.02;
const SMALLEST_MS = 0.001;

/** A histogram as it crosses the process boundary (JSON). */
export interface HistogramData {
  /** Bucket index → count. */
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
  readonly maxMs: number;
}

/** Collects latencies in ms. */
export class Histogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private maxMs = 0;

  record(ms: number): void {
    const bucket = ms <= SMALLEST_MS ? 0 : Math.ceil(Math.log(ms / SMALLEST_MS) / Math.log(GROWTH));
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + 1);
    this.total++;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  toData(): HistogramData {
    return { counts: Object.fromEntries(this.counts), total: this.total, maxMs: this.maxMs };
  }
}

/** Adds histograms up. */
export function mergeHistograms(parts: readonly HistogramData[]): HistogramData {
  const counts: Record<string, number> = {};
  for (const part of parts) {
    for (const [bucket, count] of Object.entries(part.counts)) {
      counts[bucket] = (counts[bucket] ?? 0) + count;
    }
  }
  return {
    counts,
    total: parts.reduce((sum, part) => sum + part.total, 0),
    maxMs: Math.max(0, ...parts.map((part) => part.maxMs)),
  };
}

/** The `q` quantile in ms (the upper edge of its bucket, at most the max); NaN when empty. */
export function quantileMs(data: HistogramData, q: number): number {
  if (data.total === 0) return Number.NaN;
  const rank = Math.ceil(q * data.total);
  const buckets = Object.entries(data.counts)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return Math.min(data.maxMs, SMALLEST_MS * GROWTH ** bucket);
  }
  return data.maxMs;
}
