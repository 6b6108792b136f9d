import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import { randomToken, RANDOM_TOKEN } from '../random-token.js';

/**
 * A purchase token as the buyer's page carries it:
 * `<expiresMs in base 36>.<token id>.<MAC>`, all URL-safe. The MAC is an
 * HMAC-SHA256 over the sale (its key name, so another sale's or another
 * prefix's token never passes), the buyer, the expiry and the id. The buyer is
 * not in the text: the purchase names it, and a token is only good for the
 * buyer it was issued to.
 */
const TOKEN = /^([0-9a-z]{1,11})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
const MAC_BYTES = 32;

/** What the purchase script needs of a verified token: its id (single use) and expiry. @internal */
export interface VerifiedToken {
  readonly id: string;
  readonly expiresMs: number;
}

function mac(key: KeyObject, scope: string, userId: string, expiresMs: number, id: string): Buffer {
  // one field per line, the buyer (any bytes) last: the other fields cannot hold
  // a newline (key names have no whitespace), so no two inputs sign alike
  return createHmac('sha256', key)
    .update(`flash-sale purchase token v1\n${scope}\n${expiresMs.toString(36)}\n${id}\n`)
    .update(userId, 'utf8')
    .digest();
}

/** Signs a new token for `userId`, good until `expiresMs` (Redis's clock). @internal */
export function signPurchaseToken(
  key: KeyObject,
  scope: string,
  userId: string,
  expiresMs: number,
): string {
  const id = randomToken();
  const signature = mac(key, scope, userId, expiresMs, id).toString('base64url');
  return `${expiresMs.toString(36)}.${id}.${signature}`;
}

/**
 * The token's id and expiry when `token` is well formed and was signed with
 * `key` for this sale and buyer, else `undefined`. Compared in constant time.
 * Expiry and single use are the script's to check, on Redis's clock.
 * @internal
 */
export function verifyPurchaseToken(
  key: KeyObject,
  scope: string,
  userId: string,
  token: unknown,
): VerifiedToken | undefined {
  if (typeof token !== 'string') return undefined;
  const parts = TOKEN.exec(token);
  if (parts === null) return undefined;
  const [, expiresText = '', id = '', signature = ''] = parts;
  if (!RANDOM_TOKEN.test(id)) return undefined;
  const expiresMs = parseInt(expiresText, 36);
  if (!Number.isSafeInteger(expiresMs)) return undefined;
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== MAC_BYTES) return undefined;
  const expected = mac(key, scope, userId, expiresMs, id);
  return timingSafeEqual(given, expected) ? { id, expiresMs } : undefined;
}
