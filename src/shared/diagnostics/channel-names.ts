/**
 * The names of the `node:diagnostics_channel` channels this package publishes on,
 * one per kind of message. Subscribe with `subscribe(name, listener)` from
 * `node:diagnostics_channel`; each listener receives the message type named
 * beside its channel. Names are global to the process, so every copy of the
 * package (the ESM and the CommonJS build, two versions) publishes on the same
 * channels and one subscriber sees them all.
 *
 * @example
 * ```ts
 * import { subscribe } from 'node:diagnostics_channel';
 * import { DIAGNOSTIC_CHANNELS, type PurchaseMessage } from 'flash-sale';
 *
 * subscribe(DIAGNOSTIC_CHANNELS.purchase, (message) => {
 *   const { saleId, outcome, latencyMs } = message as PurchaseMessage;
 *   console.log(saleId, outcome, latencyMs);
 * });
 * ```
 * @group Diagnostics
 */
export const DIAGNOSTIC_CHANNELS = {
  /** Every purchase decided ({@link PurchaseMessage}). */
  purchase: 'flash-sale:purchase',
  /** Every confirm, cancel and extend ({@link TransitionMessage}). */
  transition: 'flash-sale:transition',
  /** Every expire call ({@link ExpireMessage}). */
  expire: 'flash-sale:expire',
  /** Every sweep of a sale by an ExpirySweeper ({@link SweepMessage}). */
  sweep: 'flash-sale:sweep',
  /** Every delivery cycle of an OutboxWorker ({@link OutboxMessage}). */
  outbox: 'flash-sale:outbox',
  /** A lock acquired, extended, lost or released ({@link LockMessage}). */
  lock: 'flash-sale:lock',
} as const;

/**
 * The name of one of the package's diagnostics channels.
 * @group Diagnostics
 */
export type DiagnosticChannelName = (typeof DIAGNOSTIC_CHANNELS)[keyof typeof DIAGNOSTIC_CHANNELS];
