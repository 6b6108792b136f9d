/**
 * The outbox gauges' state, message by message: per sale and group, the most lag
 * any running worker reported and the sum of the events they hold; a stopped
 * worker no longer counts.
 */
import type { Attributes, ObservableResult } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/index.js';
import { createInstruments } from '../../src/otel/instruments.js';
import { OutboxGauges } from '../../src/otel/outbox-gauges.js';

function message(fields: Partial<OutboxMessage>): OutboxMessage {
  return {
    saleId: 's',
    group: 'orders',
    consumer: 'w1',
    taken: 0,
    written: 0,
    failedWrites: 0,
    deadLettered: 0,
    reclaimed: 0,
    lagMs: 0,
    held: 0,
    error: null,
    durationMs: 1,
    stopped: false,
    ...fields,
  };
}

/** What one gauge callback observes, as [value, sale, group]. */
function observe(callback: (result: ObservableResult) => void): [number, unknown, unknown][] {
  const seen: [number, unknown, unknown][] = [];
  callback({
    observe: (value: number, attributes: Attributes = {}) => {
      seen.push([value, attributes['flash_sale.sale'], attributes['flash_sale.group']]);
    },
  });
  return seen.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
}

describe('OutboxGauges', () => {
  it('reports per sale and group the most lag and the events held, forgetting stopped workers', () => {
    const gauges = new OutboxGauges(createInstruments(new MeterProvider().getMeter('test')));
    gauges.record(message({ consumer: 'w1', lagMs: 120, held: 2 }));
    gauges.record(message({ consumer: 'w2', lagMs: 300, held: 1 }));
    gauges.record(message({ consumer: 'w1', saleId: 't', lagMs: 7, held: 0 }));
    // w1 of sale s catches up: its newer message replaces the older
    gauges.record(message({ consumer: 'w1', lagMs: 0, held: 0 }));
    expect(observe(gauges.observeLag)).toEqual([
      [300, 's', 'orders'],
      [7, 't', 'orders'],
    ]);
    expect(observe(gauges.observeHeld)).toEqual([
      [1, 's', 'orders'],
      [0, 't', 'orders'],
    ]);
    gauges.record(message({ consumer: 'w2', stopped: true }));
    gauges.record(message({ consumer: 'w1', saleId: 't', stopped: true }));
    expect(observe(gauges.observeLag)).toEqual([[0, 's', 'orders']]);
  });
});
