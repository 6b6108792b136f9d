/** A small `fetch` wrapper for the example tests: JSON in, status + JSON out. */

/** What one request sends besides method and path. */
export interface Send {
  /** The `x-user-id` header (the buyer). */
  readonly user?: string;
  /** The `Idempotency-Key` header. */
  readonly key?: string;
  /** A JSON body. */
  readonly json?: unknown;
  /** A raw body sent as `application/json` (for malformed or oversized bodies). */
  readonly raw?: string;
}

/** The answer: status, parsed JSON body and headers. */
export interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/** Sends one request to `base + path` and reads the JSON answer. */
export async function request(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  send: Send = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (send.user !== undefined) headers['x-user-id'] = send.user;
  if (send.key !== undefined) headers['idempotency-key'] = send.key;
  const body = send.raw ?? (send.json === undefined ? undefined : JSON.stringify(send.json));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return {
    status: response.status,
    body: await response.json(),
    headers: response.headers,
  };
}
