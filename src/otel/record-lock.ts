import type { LockMessage } from '../shared/diagnostics/lock-message.js';
import type { Instruments } from './instruments.js';
import { FLASH_SALE_ATTRIBUTES as A } from './metric-names.js';

/**
 * Records what happened to a lock. Lock names are not attributes: an app may
 * name locks by order or user, which would make a time series of each.
 * @internal
 */
export function recordLock(instruments: Instruments, message: LockMessage): void {
  switch (message.action) {
    case 'acquired':
      instruments.lockAcquired.add(1);
      break;
    case 'extended':
      instruments.lockExtended.add(1);
      break;
    case 'released':
      instruments.lockReleased.add(1);
      break;
    case 'lost':
      instruments.lockLost.add(1, { [A.lockReason]: message.reason ?? 'unknown' });
      break;
  }
}
