import { InvalidArgumentError } from '../shared/errors/invalid-argument-error.js';
import { checkRedisClient } from '../shared/redis/check-redis-client.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import { integerInRange } from '../shared/validate/integer-in-range.js';
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

/** The four fields as read, and the context built from them. */
interface Built {
  readonly fields: readonly unknown[];
  readonly context: SaleContext;
}

// An optimisation only: the context built for an object is reused while its four
// fields are the very same values. Identity is never required: any object with
// valid fields is accepted, and one whose fields changed is validated again.
const CONTEXTS = new WeakMap<object, Built>();

/** The fields of a SaleReference, in the order they are checked. */
const FIELDS = ['saleId', 'redis', 'keyPrefix', 'commandTimeoutMs'] as const;

function field(reference: object, name: keyof SaleReference, argument: string): unknown {
  try {
    return Reflect.get(reference, name);
  } catch (error) {
    throw new InvalidArgumentError(named(argument, name), '<unreadable>', 'a readable value', {
      cause: error,
    });
  }
}

/** `sale.saleId`, or `saleId` alone for the FlashSale constructor's own options. */
function named(argument: string, name: string): string {
  return argument === '' ? name : `${argument}.${name}`;
}

/**
 * The client, keys and time limit of the sale a {@link SaleReference} names,
 * validated: an InvalidArgumentError names the bad field (`sale.saleId`, …).
 * Reads each field once, and writes nothing.
 *
 * @param argument - the reference's own name in errors (`'sale'`, `'sales[1]'`); `''`
 *   names the fields alone
 * @internal
 */
export function saleContextOf(reference: unknown, argument = 'sale'): SaleContext {
  if (typeof reference !== 'object' || reference === null) {
    throw new InvalidArgumentError(argument, reference, 'a FlashSale or a SaleReference object');
  }
  const fields = FIELDS.map((name) => field(reference, name, argument));
  const cached = CONTEXTS.get(reference);
  if (cached?.fields.every((value, index) => value === fields[index]) === true) {
    return cached.context;
  }
  const context = buildContext(fields, argument);
  CONTEXTS.set(reference, { fields, context });
  return context;
}

function buildContext(fields: readonly unknown[], argument: string): SaleContext {
  const [rawId, redis, prefix, timeout] = fields;
  const id = saleId(rawId, named(argument, 'saleId'));
  const client = checkRedisClient(named(argument, 'redis'), redis);
  const keys = saleKeys(
    keyPrefix(
      prefix === undefined ? FLASH_SALE_DEFAULTS.keyPrefix : prefix,
      named(argument, 'keyPrefix'),
    ),
    id,
  );
  const commandTimeoutMs = integerInRange(
    named(argument, 'commandTimeoutMs'),
    timeout === undefined ? FLASH_SALE_DEFAULTS.commandTimeoutMs : timeout,
    1,
    600_000,
  );
  return { client, saleId: id, keys, commandTimeoutMs };
}
