import type { ObservableResult } from '@opentelemetry/api';
import type { OutboxMessage } from '../shared/diagnostics/outbox-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/** What one worker last reported. */
interface Latest {
  readonly saleId: string;
  readonly group: string;
  readonly lagMs: number;
  readonly held: number;
}

/**
 * Records the workers' counters and keeps each running worker's last lag and
 * held count for the gauges, which report per sale and group the most lag any of
 * its workers saw and the events they hold. A stopped worker is forgotten.
 * @internal
 */
export class OutboxGauges {
  private readonly latest = new Map<string, Latest>();

  constructor(private readonly instruments: Instruments) {}

  /** Records one worker cycle. */
  record(message: OutboxMessage): void {
    const { instruments } = this;
    const group = { [A.sale]: message.saleId, [A.group]: message.group }; // one literal: see record-purchase.ts
    if (message.written > 0) instruments.outboxDelivered.add(message.written, group);
    if (message.failedWrites > 0) instruments.outboxFailedWrites.add(message.failedWrites, group);
    if (message.deadLettered > 0) instruments.outboxDeadLettered.add(message.deadLettered, group);
    if (message.reclaimed > 0) instruments.outboxReclaimed.add(message.reclaimed, group);
    // the consumer name alone need not be unique across sales
    const worker = JSON.stringify([message.saleId, message.group, message.consumer]);
    if (message.stopped) this.latest.delete(worker);
    else this.latest.set(worker, message);
  }

  /** The gauges' callback: one observation per sale and group. */
  readonly observeLag = (result: ObservableResult): void => {
    for (const [attributes, { lagMs }] of this.byGroup()) result.observe(lagMs, attributes);
  };

  /** The held gauge's callback. */
  readonly observeHeld = (result: ObservableResult): void => {
    for (const [attributes, { held }] of this.byGroup()) result.observe(held, attributes);
  };

  private byGroup(): Map<Readonly<Record<string, string>>, { lagMs: number; held: number }> {
    const groups = new Map<
      string,
      { attributes: Record<string, string>; lagMs: number; held: number }
    >();
    for (const { saleId, group, lagMs, held } of this.latest.values()) {
      const key = JSON.stringify([saleId, group]);
      const seen = groups.get(key);
      if (seen === undefined) {
        groups.set(key, { attributes: { [A.sale]: saleId, [A.group]: group }, lagMs, held });
      } else {
        seen.lagMs = Math.max(seen.lagMs, lagMs);
        seen.held += held;
      }
    }
    return new Map([...groups.values()].map(({ attributes, ...values }) => [attributes, values]));
  }
}
