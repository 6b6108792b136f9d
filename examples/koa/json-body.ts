import type { Context } from 'koa';

/**
 * Reads a small JSON request body. Koa parses no bodies itself, and a purchase
 * needs at most `{ "quantity": 2 }`, so a few lines replace a body-parser
 * dependency. Anything but `application/json` is ignored (`undefined`); a body
 * over `limitBytes` is 413 and malformed JSON 400, both thrown with
 * `ctx.throw`, so the shared error mapping shows them to the client.
 */
export async function readJsonBody(ctx: Context, limitBytes = 1024): Promise<unknown> {
  if (ctx.is('application/json') === false || ctx.request.length === 0) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) ctx.throw(413, `request body over ${String(limitBytes)} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    ctx.throw(400, 'request body is not valid JSON');
  }
}
