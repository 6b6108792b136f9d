import type { Attributes } from '@opentelemetry/api';
import type { ExpireMessage } from '../shared/diagnostics/expire-message.js';
import type { SweepMessage } from '../shared/diagnostics/sweep-message.js';
import type { TransitionMessage } from '../shared/diagnostics/transition-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/** Records one confirm, cancel or extend. @internal */
export function recordTransition(instruments: Instruments, message: TransitionMessage): void {
  const call = { [A.sale]: message.saleId, [A.operation]: message.operation };
  const counted: Attributes = { ...call, [A.outcome]: message.outcome };
  if (message.state !== null) counted[A.state] = message.state;
  if (message.releaseReason !== null) counted[A.releaseReason] = message.releaseReason;
  instruments.transitions.add(1, counted);
  instruments.transitionDuration.record(message.latencyMs, call);
}

/** Records what one expire call released. @internal */
export function recordExpire(instruments: Instruments, message: ExpireMessage): void {
  const sale = { [A.sale]: message.saleId };
  if (message.released > 0) instruments.expiredHolds.add(message.released, sale);
  if (message.units > 0) instruments.expiredUnits.add(message.units, sale);
}

/** Records how late past its deadline a sweep released each hold. @internal */
export function recordSweep(instruments: Instruments, message: SweepMessage): void {
  const sale = { [A.sale]: message.saleId };
  for (const delayMs of message.delaysMs) instruments.sweeperDelay.record(delayMs, sale);
}
