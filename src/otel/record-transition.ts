import type { ExpireMessage } from '../shared/diagnostics/expire-message.js';
import type { SweepMessage } from '../shared/diagnostics/sweep-message.js';
import type { TransitionMessage } from '../shared/diagnostics/transition-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/**
 * Records one confirm, cancel or extend. A missing state or release reason is
 * `''`, so every series has the same attribute keys (and the attributes are one
 * literal: see record-purchase.ts).
 * @internal
 */
export function recordTransition(instruments: Instruments, message: TransitionMessage): void {
  const { saleId, operation } = message;
  instruments.transitions.add(1, {
    [A.sale]: saleId,
    [A.operation]: operation,
    [A.outcome]: message.outcome,
    [A.state]: message.state ?? '',
    [A.releaseReason]: message.releaseReason ?? '',
  });
  instruments.transitionDuration.record(message.latencyMs, {
    [A.sale]: saleId,
    [A.operation]: operation,
  });
}

/** Records what one expire call released. @internal */
export function recordExpire(instruments: Instruments, message: ExpireMessage): void {
  if (message.released > 0)
    instruments.expiredHolds.add(message.released, { [A.sale]: message.saleId });
  if (message.units > 0) instruments.expiredUnits.add(message.units, { [A.sale]: message.saleId });
}

/** Records how late past its deadline a sweep released each hold. @internal */
export function recordSweep(instruments: Instruments, message: SweepMessage): void {
  for (const delayMs of message.delaysMs) {
    instruments.sweeperDelay.record(delayMs, { [A.sale]: message.saleId });
  }
}
