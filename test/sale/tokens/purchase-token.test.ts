/**
 * The in-process half of purchase tokens: a token verifies only with the key,
 * sale and buyer it was signed for, and any change to it is caught.
 */
import { createSecretKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPurchaseToken, verifyPurchaseToken } from '../../../src/sale/tokens/purchase-token.js';
import { tokenKey } from '../../../src/sale/tokens/token-key.js';
import { isInvalidArgumentError } from '../../../src/index.js';

const KEY = createSecretKey(Buffer.alloc(32, 7));
const OTHER_KEY = createSecretKey(Buffer.alloc(32, 8));
const SCOPE = 'shop:{sale}:meta';
const EXPIRES = 1_900_000_000_123;

describe('purchase tokens', () => {
  it('verifies for its key, sale and buyer, with its id and expiry', () => {
    const token = signPurchaseToken(KEY, SCOPE, 'alice', EXPIRES);
    expect(token).toMatch(/^[0-9a-z]+\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    const verified = verifyPurchaseToken(KEY, SCOPE, 'alice', token);
    expect(verified).toEqual({ id: token.split('.')[1], expiresMs: EXPIRES });
  });

  it('draws a new id for every token', () => {
    const ids = new Set(
      Array.from({ length: 1000 }, () => signPurchaseToken(KEY, SCOPE, 'a', EXPIRES).split('.')[1]),
    );
    expect(ids.size).toBe(1000);
  });

  it.each([
    ['another buyer', (t: string) => verifyPurchaseToken(KEY, SCOPE, 'bob', t)],
    ['another sale', (t: string) => verifyPurchaseToken(KEY, 'shop:{other}:meta', 'alice', t)],
    ['another key', (t: string) => verifyPurchaseToken(OTHER_KEY, SCOPE, 'alice', t)],
    [
      'a later expiry',
      (t: string) =>
        verifyPurchaseToken(
          KEY,
          SCOPE,
          'alice',
          t.replace(/^[0-9a-z]+/, (EXPIRES + 1).toString(36)),
        ),
    ],
    [
      'another id',
      (t: string) => {
        const [expires, id = '', mac] = t.split('.');
        const other = (id.startsWith('A') ? 'B' : 'A') + id.slice(1);
        return verifyPurchaseToken(KEY, SCOPE, 'alice', `${expires ?? ''}.${other}.${mac ?? ''}`);
      },
    ],
    [
      'a flipped MAC character',
      (t: string) =>
        verifyPurchaseToken(
          KEY,
          SCOPE,
          'alice',
          t.slice(0, -2) + (t.endsWith('A') ? 'B' : 'A') + t.slice(-1),
        ),
    ],
  ])('refuses a token used with %s', (_, verify) => {
    const token = signPurchaseToken(KEY, SCOPE, 'alice', EXPIRES);
    expect(verify(token)).toBeUndefined();
  });

  it.each([
    '',
    'x',
    'a.b.c',
    '1.AAAAAAAAAAAAAAAA.',
    `zzzzzzzzzzzz.${'A'.repeat(16)}.${'A'.repeat(43)}`,
    42,
    null,
  ])('refuses the malformed token %s', (token) => {
    expect(verifyPurchaseToken(KEY, SCOPE, 'alice', token)).toBeUndefined();
  });

  it.each(['short', Buffer.alloc(31), 32, null, {}])(
    'refuses the key %s by name, never quoting it',
    (key) => {
      let thrown: unknown;
      try {
        tokenKey(key);
      } catch (error) {
        thrown = error;
      }
      expect(isInvalidArgumentError(thrown)).toBe(true);
      expect((thrown as Error).message).toContain('purchaseTokenKey');
      if (typeof key === 'string') expect((thrown as Error).message).not.toContain(key);
    },
  );
});
