import { errorName } from '../../shared/diagnostics/publisher.js';
import { expireChannel } from '../../shared/diagnostics/expire-message.js';
import type { Reservation } from '../reservation.js';

/** What an expire call answers (declared here too: expire.ts imports this file). */
interface Released {
  readonly released: readonly Reservation[];
  readonly more: boolean;
}

/**
 * Publishes what one expire call released (`result`), or what it threw.
 * @internal
 */
export function publishExpire(
  saleId: string,
  result: Released | undefined,
  thrown: unknown,
  startedAt: number,
): void {
  const released = result?.released ?? [];
  expireChannel.publish({
    saleId,
    released: released.length,
    units: released.reduce((sum, hold) => sum + hold.quantity, 0),
    more: result?.more ?? false,
    error: result === undefined ? errorName(thrown) : null,
    latencyMs: performance.now() - startedAt,
  });
}
