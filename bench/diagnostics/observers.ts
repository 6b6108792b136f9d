/**
 * Who listens to the diagnostics channels in a bench case: nobody, a no-op
 * listener on every channel (the cost of publishing itself), or the OpenTelemetry
 * bridge recording into the SDK (the cost of real metrics).
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { DIAGNOSTIC_CHANNELS } from '../../src/index.js';
import { instrumentFlashSale } from '../../src/otel/index.js';

/** A bench case's listeners. */
export type Observer = 'none' | 'no-op listener' | 'OTel SDK';

/** The observers, in the order the bench prints them. */
export const OBSERVERS: readonly Observer[] = ['none', 'no-op listener', 'OTel SDK'];

/** Starts `observer`; returns what stops it. */
export function observe(observer: Observer): () => void {
  switch (observer) {
    case 'none':
      return () => undefined;
    case 'no-op listener': {
      const listener = (): void => undefined;
      const names = Object.values(DIAGNOSTIC_CHANNELS);
      for (const name of names) subscribe(name, listener);
      return () => {
        for (const name of names) unsubscribe(name, listener);
      };
    }
    case 'OTel SDK': {
      // no reader: the SDK aggregates every measurement, nothing is exported
      const meterProvider = new MeterProvider();
      const stop = instrumentFlashSale({ meterProvider });
      return () => {
        stop();
        void meterProvider.shutdown();
      };
    }
  }
}
