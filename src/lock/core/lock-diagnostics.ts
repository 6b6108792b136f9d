import {
  lockChannel,
  type LockAction,
  type LockMessage,
} from '../../shared/diagnostics/lock-message.js';

/**
 * Publishes what happened to a holding, when diagnostics are observed (the
 * message is built only then).
 * @internal
 */
export function publishLock(
  action: LockAction,
  key: string,
  fence: number,
  reason: LockMessage['reason'] = null,
  validityMs = 0,
): void {
  if (!lockChannel.hasSubscribers) return;
  lockChannel.publish({ action, key, fence, reason, validityMs });
}
