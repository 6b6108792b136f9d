/**
 * An OpenTelemetry SDK meter provider whose metrics a test reads on demand, and
 * helpers that find a metric's data points by name and attributes.
 */
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import type { Attributes } from '@opentelemetry/api';

/** A reader that exports nothing: the test collects. */
class OnDemandReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {
    // nothing buffered
  }
  protected override async onShutdown(): Promise<void> {
    // nothing to close
  }
}

/** One data point as a test compares it. */
export interface Point {
  readonly attributes: Attributes;
  /** A counter's sum, a gauge's value, or a histogram's count. */
  readonly value: number;
  /** A histogram's sum (0 for the others). */
  readonly sum: number;
}

/** A provider and a way to read what it recorded. */
export interface TestMeter {
  readonly meterProvider: MeterProvider;
  /** Every metric recorded so far, by name. */
  collect(): Promise<Map<string, Point[]>>;
  shutdown(): Promise<void>;
}

function points(metric: MetricData): Point[] {
  return metric.dataPoints.map((point) => {
    const { value } = point as { value: unknown };
    if (metric.dataPointType === DataPointType.HISTOGRAM) {
      const histogram = value as { count: number; sum?: number };
      return { attributes: point.attributes, value: histogram.count, sum: histogram.sum ?? 0 };
    }
    return { attributes: point.attributes, value: value as number, sum: 0 };
  });
}

/** A fresh provider with an on-demand reader. */
export function testMeter(): TestMeter {
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    meterProvider,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      if (errors.length > 0) throw new Error(`collection failed: ${String(errors[0])}`);
      const byName = new Map<string, Point[]>();
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          byName.set(metric.descriptor.name, [
            ...(byName.get(metric.descriptor.name) ?? []),
            ...points(metric),
          ]);
        }
      }
      return byName;
    },
    shutdown: async () => meterProvider.shutdown(),
  };
}

/** The sum of the values of `name`'s points whose attributes include `match`. */
export function total(
  metrics: ReadonlyMap<string, readonly Point[]>,
  name: string,
  match: Attributes = {},
  field: 'value' | 'sum' = 'value',
): number {
  return (metrics.get(name) ?? [])
    .filter((point) =>
      Object.entries(match).every(([key, value]) => point.attributes[key] === value),
    )
    .reduce((sum, point) => sum + point[field], 0);
}
