/**
 * Feeds Prometheus metrics (prom-client) from flash-sale's diagnostics channels,
 * for a `/metrics` route. The library publishes on `node:diagnostics_channel`
 * whatever it does; this file is all an app needs to turn that into Prometheus
 * metrics, with no OpenTelemetry SDK (for that, `flash-sale/otel` does the same
 * into any meter provider).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  DIAGNOSTIC_CHANNELS,
  type ExpireMessage,
  type LockMessage,
  type OutboxMessage,
  type PurchaseMessage,
  type SweepMessage,
  type TransitionMessage,
} from '../../src/index.js';
import { prometheusInstruments, type PrometheusInstruments } from './prometheus-instruments.js';

/** What a `/metrics` route serves. */
export interface MetricsEndpoint {
  /** The `Content-Type` of {@link MetricsEndpoint.text}. */
  readonly contentType: string;
  /** The metrics in the Prometheus text format. */
  text(): Promise<string>;
}

type Listener = (message: unknown) => void;

/** The listeners that turn each channel's messages into metrics. */
function listeners(m: PrometheusInstruments): Record<string, Listener> {
  return {
    [DIAGNOSTIC_CHANNELS.purchase]: (raw) => {
      const message = raw as PurchaseMessage;
      const { saleId: sale, outcome } = message;
      m.purchases.inc({ sale, outcome, reason: message.reason ?? '' });
      m.purchaseSeconds.observe({ sale, outcome }, message.latencyMs / 1000);
      for (const { item, quantity } of message.lines) {
        m.purchaseUnits.inc({ sale, outcome, item }, quantity);
      }
      // each script call once: its batch's first purchase reports it
      if (message.batchIndex === 0) m.purchaseBatchSize.observe({ sale }, message.batchSize);
    },
    [DIAGNOSTIC_CHANNELS.transition]: (raw) => {
      const message = raw as TransitionMessage;
      m.transitions.inc({
        sale: message.saleId,
        operation: message.operation,
        outcome: message.outcome,
        state: message.state ?? '',
        release_reason: message.releaseReason ?? '',
      });
    },
    [DIAGNOSTIC_CHANNELS.expire]: (raw) => {
      const message = raw as ExpireMessage;
      m.expiredHolds.inc({ sale: message.saleId }, message.released);
    },
    [DIAGNOSTIC_CHANNELS.sweep]: (raw) => {
      const message = raw as SweepMessage;
      for (const delayMs of message.delaysMs) {
        m.sweeperDelaySeconds.observe({ sale: message.saleId }, delayMs / 1000);
      }
    },
    [DIAGNOSTIC_CHANNELS.outbox]: (raw) => {
      const message = raw as OutboxMessage;
      const group = { sale: message.saleId, group: message.group };
      m.outboxDelivered.inc(group, message.written);
      m.outboxFailedWrites.inc(group, message.failedWrites);
      m.outboxDeadLettered.inc(group, message.deadLettered);
      const worker = { ...group, consumer: message.consumer };
      if (message.stopped) {
        m.outboxLagSeconds.remove(worker);
        m.outboxHeld.remove(worker);
      } else {
        m.outboxLagSeconds.set(worker, message.lagMs / 1000);
        m.outboxHeld.set(worker, message.held);
      }
    },
    [DIAGNOSTIC_CHANNELS.lock]: (raw) => {
      const message = raw as LockMessage;
      m.lockEvents.inc({ action: message.action, reason: message.reason ?? '' });
    },
  };
}

/**
 * The metrics of every sale, worker, sweeper and lock in this process, from the
 * moment it is created until {@link PrometheusMetrics.close}.
 */
export class PrometheusMetrics implements MetricsEndpoint {
  private readonly instruments = prometheusInstruments();
  private readonly subscribed = listeners(this.instruments);

  constructor() {
    for (const [name, listener] of Object.entries(this.subscribed)) subscribe(name, listener);
  }

  get contentType(): string {
    return this.instruments.registry.contentType;
  }

  async text(): Promise<string> {
    return this.instruments.registry.metrics();
  }

  /** Stops listening (the counts so far stay readable). */
  close(): void {
    for (const [name, listener] of Object.entries(this.subscribed)) unsubscribe(name, listener);
  }
}
