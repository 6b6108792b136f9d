import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { checkRedisClient } from '../shared/redis/check-redis-client.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import { integerInRange } from '../shared/validate/integer-in-range.js';
import { isPlainObject } from '../shared/options/plain-object.js';
import { FLASH_SALE_DEFAULTS } from './flash-sale-options.js';
import { keyPrefix, saleId } from './sale-id.js';
import { saleKeys } from './sale-keys.js';
import type { SaleContext } from './sale-context.js';

/**
 * How the order pipeline ({@link OutboxWorker}, {@link ExpirySweeper},
 * {@link readDeadLetters}, …) reaches a sale: plain data, the same four settings a
 * {@link FlashSale} was made with. Every `FlashSale` is one (from the ESM or the
 * CommonJS build alike), and so is a plain object, so a worker process needs no
 * `FlashSale` of its own and a test can pass a double.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { OutboxWorker, type OrderSink } from 'flash-sale';
 *
 * declare const sink: OrderSink;
 * const worker = new OutboxWorker({ sale: { redis: new Redis(), saleId: 'phone-drop' }, sink });
 * ```
 * @group Sale
 */
export interface SaleReference {
  /** The ioredis client (or Cluster) the sale's keys live on. */
  readonly redis: RedisClient;
  /** The sale's id. */
  readonly saleId: string;
  /**
   * The prefix of the sale's keys.
   * @defaultValue `'flash-sale:'`
   */
  readonly keyPrefix?: string;
  /**
   * How long one Redis call may take before it fails with {@link RedisTimeoutError}.
   * @defaultValue `2000`
   */
  readonly commandTimeoutMs?: number;
}

// An optimisation only: a sale's context is built once per object. Identity is
// never required: any object with valid fields is accepted.
const CONTEXTS = new WeakMap<object, SaleContext>();

function field(reference: object, name: keyof SaleReference, argument: string): unknown {
  try {
    return (reference as Record<string, unknown>)[name];
  } catch (error) {
    throw new InvalidArgumentError(`${argument}.${name}`, '<unreadable>', 'a readable value', {
      cause: error,
    });
  }
}

/**
 * The client, keys and time limit of the sale a {@link SaleReference} names,
 * validated: an InvalidArgumentError names the bad field (`sale.saleId`, …).
 * @internal
 */
export function saleContextOf(reference: unknown, argument = 'sale'): SaleContext {
  if (typeof reference !== 'object' || reference === null) {
    throw new InvalidArgumentError(argument, reference, 'a FlashSale or a SaleReference object');
  }
  const cached = CONTEXTS.get(reference);
  if (cached !== undefined) return cached;
  const named = (name: string): string => (argument === '' ? name : `${argument}.${name}`);
  const id = saleId(field(reference, 'saleId', argument), named('saleId'));
  const prefix = field(reference, 'keyPrefix', argument);
  const timeout = field(reference, 'commandTimeoutMs', argument);
  const context: SaleContext = {
    client: checkRedisClient(named('redis'), field(reference, 'redis', argument)),
    saleId: id,
    keys: saleKeys(
      keyPrefix(prefix === undefined ? FLASH_SALE_DEFAULTS.keyPrefix : prefix, named('keyPrefix')),
      id,
    ),
    commandTimeoutMs: integerInRange(
      named('commandTimeoutMs'),
      timeout === undefined ? FLASH_SALE_DEFAULTS.commandTimeoutMs : timeout,
      1,
      600_000,
    ),
  };
  // a plain object may change later: only a FlashSale's (readonly) fields are cached
  if (!isPlainObject(reference)) CONTEXTS.set(reference, context);
  return context;
}
