import type { MetricsEndpoint } from './prometheus-metrics.js';
import type { BuyerRateLimiter } from './rate-limit.js';

/** Options shared by the Express and Koa example apps. */
export interface ExampleAppOptions {
  /**
   * Receives every error answered with a 5xx (the client sees a generic message,
   * so this is where the details go).
   * @defaultValue `console.error`
   */
  readonly logError?: (error: unknown) => void;
  /**
   * Limits purchase attempts per buyer and sale; over the limit, 429 with
   * `Retry-After`.
   * @defaultValue no limit
   */
  readonly rateLimiter?: BuyerRateLimiter;
  /**
   * Served at `GET /metrics` (Prometheus' text format). In production, keep it off
   * the public port: it lists every sale and item.
   * @defaultValue no `/metrics` route
   */
  readonly metrics?: MetricsEndpoint;
}

/** `logError` with its default applied. */
export function errorLogger(options: ExampleAppOptions): (error: unknown) => void {
  return (
    options.logError ??
    ((error) => {
      console.error(error);
    })
  );
}
