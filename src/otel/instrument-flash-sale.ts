import { metrics } from '@opentelemetry/api';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { DIAGNOSTIC_CHANNELS } from '../shared/diagnostics/channel-names.js';
import type { ExpireMessage } from '../shared/diagnostics/expire-message.js';
import type { LockMessage } from '../shared/diagnostics/lock-message.js';
import type { OutboxMessage } from '../shared/diagnostics/outbox-message.js';
import type { PurchaseMessage } from '../shared/diagnostics/purchase-message.js';
import type { SweepMessage } from '../shared/diagnostics/sweep-message.js';
import type { TransitionMessage } from '../shared/diagnostics/transition-message.js';
import { resolveOptions } from '../shared/options/resolve-options.js';
import { INSTRUMENT_SPEC, type InstrumentFlashSaleOptions } from './instrument-options.js';
import { createInstruments } from './instruments.js';
import { OutboxGauges } from './outbox-gauges.js';
import { recordLock } from './record-lock.js';
import { recordPurchase } from './record-purchase.js';
import { recordExpire, recordSweep, recordTransition } from './record-transition.js';

/**
 * Records flash-sale's diagnostics as OpenTelemetry metrics ({@link FLASH_SALE_METRICS}):
 * purchases by outcome and item, decision latency and batch sizes, confirm /
 * cancel / extend outcomes, expired holds and how late sweepers released them,
 * outbox deliveries, failures, dead letters, lag and held events, and locks
 * acquired, extended, lost and released. It subscribes to the package's
 * `node:diagnostics_channel` channels ({@link index!DIAGNOSTIC_CHANNELS | DIAGNOSTIC_CHANNELS}),
 * so it sees every sale, worker, sweeper and lock of the process, from the ESM
 * and the CommonJS build alike, and nothing is measured before it is called or
 * after it is disposed of. Call it once per meter provider: each call records
 * on its own instruments.
 *
 * @example
 * ```ts
 * import { MeterProvider } from '@opentelemetry/sdk-metrics';
 * import { instrumentFlashSale } from 'flash-sale/otel';
 *
 * const meterProvider = new MeterProvider({ readers: [yourReader] });
 * const stop = instrumentFlashSale({ meterProvider });
 * // … on shutdown:
 * stop();
 * ```
 * @param options - the meter provider and tuning; see {@link InstrumentFlashSaleOptions}
 * @returns a function that unsubscribes and stops the gauges' callbacks (calling it twice does nothing)
 * @throws {@link index!InvalidArgumentError | InvalidArgumentError} when an option is unknown or invalid
 * @group Diagnostics
 */
export function instrumentFlashSale(options?: InstrumentFlashSaleOptions): () => void {
  const { meterProvider, meterName, itemAttribute } = resolveOptions(INSTRUMENT_SPEC, options, () =>
    metrics.getMeterProvider(),
  );
  const instruments = createInstruments(meterProvider.getMeter(meterName));
  const outbox = new OutboxGauges(instruments);
  const listeners: [string, (message: unknown) => void][] = [
    [
      DIAGNOSTIC_CHANNELS.purchase,
      (message) => {
        recordPurchase(instruments, itemAttribute, message as PurchaseMessage);
      },
    ],
    [
      DIAGNOSTIC_CHANNELS.transition,
      (message) => {
        recordTransition(instruments, message as TransitionMessage);
      },
    ],
    [
      DIAGNOSTIC_CHANNELS.expire,
      (message) => {
        recordExpire(instruments, message as ExpireMessage);
      },
    ],
    [
      DIAGNOSTIC_CHANNELS.sweep,
      (message) => {
        recordSweep(instruments, message as SweepMessage);
      },
    ],
    [
      DIAGNOSTIC_CHANNELS.outbox,
      (message) => {
        outbox.record(message as OutboxMessage);
      },
    ],
    [
      DIAGNOSTIC_CHANNELS.lock,
      (message) => {
        recordLock(instruments, message as LockMessage);
      },
    ],
  ];
  for (const [name, listener] of listeners) subscribe(name, listener);
  instruments.outboxLag.addCallback(outbox.observeLag);
  instruments.outboxHeld.addCallback(outbox.observeHeld);
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    for (const [name, listener] of listeners) unsubscribe(name, listener);
    instruments.outboxLag.removeCallback(outbox.observeLag);
    instruments.outboxHeld.removeCallback(outbox.observeHeld);
  };
}
