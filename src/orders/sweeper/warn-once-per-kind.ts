import type { SweeperErrorHandler } from './sweeper-options.js';

/** The warning's type and code, for `process.on('warning')` listeners. */
const WARNING = { type: 'FlashSaleWarning', code: 'FLASH_SALE_SWEEP_FAILED' } as const;

/** What makes two errors "the same kind": class name and code, e.g. `RedisUnavailableError/REDIS_UNAVAILABLE`. */
function kindOf(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? `${error.name}/${code}` : error.name;
}

/**
 * The error handler of a sweeper given none: the first error of each kind becomes
 * a process warning; repeats are dropped, so a Redis outage warns once instead of
 * every interval. One per sweeper.
 * @internal
 */
export function warnOncePerKind(): SweeperErrorHandler {
  const seen = new Set<string>();
  return (error, saleId) => {
    const kind = kindOf(error);
    if (seen.has(kind)) return;
    seen.add(kind);
    const message = error instanceof Error ? error.message : String(error);
    process.emitWarning(
      `ExpirySweeper could not sweep sale ${JSON.stringify(saleId)}: ${message}. ` +
        'Unpaid holds do not return to stock while this lasts. ' +
        `Further ${kind} errors of this sweeper are not reported; pass onError to see every error.`,
      WARNING,
    );
  };
}
