/**
 * The one place that turns an error thrown while serving a request into an HTTP
 * answer, shared by the Express and Koa examples. Expected outcomes of a sale
 * (sold out, limit reached, …) never get here: they are result values (see
 * `purchase-response.ts`). What does get here is misuse, bad input and failing
 * infrastructure, each told apart by the library's `is…Error` guards.
 */
import {
  isIdempotencyConflictError,
  isInvalidArgumentError,
  isRedisTimeoutError,
  isRedisUnavailableError,
  isReservationReleasedError,
  isReservationSoldError,
  isUnknownReservationError,
} from '../../src/index.js';
import { isUnknownSaleError } from './unknown-sale-error.js';

/** The JSON body of every error answer. */
export interface ErrorBody {
  /** A stable machine-readable code, e.g. `'INVALID_ARGUMENT'`. */
  readonly error: string;
  /** What happened, safe to show to the client. */
  readonly message: string;
}

/** An error answer: status, JSON body and extra headers. */
export interface HttpErrorAnswer {
  readonly status: number;
  readonly body: ErrorBody;
  readonly headers: Readonly<Record<string, string>>;
}

const answer = (
  status: number,
  error: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): HttpErrorAnswer => ({ status, body: { error, message }, headers });

/**
 * Maps `error` to its HTTP answer:
 * - 400 `InvalidArgumentError`: the library's message quotes the bad value
 * - 404 `UnknownReservationError` and an unknown sale id
 * - 409 `ReservationReleasedError` (refund the payment), `ReservationSoldError`,
 *   `IdempotencyConflictError`: the request contradicts what already happened
 * - 503 `RedisUnavailableError`: nothing ran; `Retry-After` invites a retry
 * - 504 `RedisTimeoutError`: the command may still run, so the outcome is
 *   unknown; retrying with the same `Idempotency-Key` learns it without buying twice
 * - 4xx client errors raised by the framework itself (malformed JSON, body too
 *   large: `http-errors` objects with `expose: true`) keep their status
 * - anything else: 500 with a generic message; the details belong in your logs,
 *   not in the answer
 */
export function toHttpError(error: unknown): HttpErrorAnswer {
  if (isInvalidArgumentError(error)) return answer(400, error.code, error.message);
  if (isUnknownReservationError(error)) return answer(404, error.code, error.message);
  if (isUnknownSaleError(error)) return answer(404, 'UNKNOWN_SALE', error.message);
  if (
    isReservationReleasedError(error) ||
    isReservationSoldError(error) ||
    isIdempotencyConflictError(error)
  ) {
    return answer(409, error.code, error.message);
  }
  // The two infrastructure messages are ours: the library's would name hosts and ports.
  if (isRedisUnavailableError(error)) {
    return answer(503, error.code, 'the sale is unavailable for a moment; try again', {
      'Retry-After': '1',
    });
  }
  if (isRedisTimeoutError(error)) {
    return answer(
      504,
      error.code,
      'the outcome is unknown; retry with the same Idempotency-Key to learn it',
    );
  }
  const client = exposedClientError(error);
  if (client !== undefined) {
    const code = client.status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
    return answer(client.status, code, client.message);
  }
  return answer(500, 'INTERNAL', 'internal server error');
}

/** An `http-errors` 4xx the framework raised and marked safe to show (`expose`). */
function exposedClientError(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500
    ? { status, message: error.message }
    : undefined;
}
