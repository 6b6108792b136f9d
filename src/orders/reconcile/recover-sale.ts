import { SaleDataError, SaleNotLoadedError } from '../../sale/errors/sale-errors.js';
import { SALE_SCRIPTS } from '../../sale/lua/sale-scripts.js';
import { SALE_DATA_DAMAGED } from '../../sale/lua/reply-codes.js';
import { preload } from '../../sale/ops/preload.js';
import { OP_REPLAY_MS, randomToken } from '../../sale/random-token.js';
import { runSaleScript, type SaleContext } from '../../sale/sale-context.js';
import { saleContextOf, type SaleReference } from '../../sale/sale-reference.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { resolveOptions } from '../../shared/options/resolve-options.js';
import { SaleStillLoadedError } from '../errors/sale-still-loaded-error.js';
import type { OrderSink } from '../sink/order-sink.js';
import { RECOVER_SPEC } from './recover-spec.js';
import type {
  RecoverOptions,
  RecoverRefusal,
  RecoverResult,
  RefusedOrder,
} from './recover-types.js';
import { saleExists } from './sale-records.js';
import { withStoreTimeout } from './store-calls.js';
import { replayArgs, type ReplayOrder } from './stored-order-args.js';

const OPERATION = 'recoverSale';
/** recover-8.lua's answer when the sale is not loaded (mapped here only). */
const SALE_GONE = -1;
const REFUSALS: Readonly<Record<string, RecoverRefusal>> = {
  o: 'no_stock',
  u: 'unknown_item',
  d: 'damaged',
};

/** What a call has rebuilt so far. */
interface Tally {
  held: number;
  sold: number;
  present: number;
  released: number;
  readonly refused: RefusedOrder[];
}

/**
 * Rebuilds a sale Redis lost (a failover that dropped writes, a flush, an
 * eviction) from the orders of the application's store, so selling can go on
 * without overselling (see docs/recovery.md).
 *
 * It preloads `catalog` again (the sale's original preload options), then replays
 * the store's orders ({@link OrderSink.exportOrders}, page by page, one script call
 * per page, recover-8.lua): a `reserved` order becomes a hold again with its
 * deadline (released as usual when it runs out, or confirmed when paid), a
 * `confirmed` one a sold reservation; released orders need nothing. Each
 * recovered order's units leave the available stock and enter its buyer's
 * ledger, so the per-user limit counts them. An order whose record Redis has is
 * left as it is, so running the recovery again (after a crash half way) counts
 * nothing twice. An order that does not fit the catalog is refused, never
 * oversold. Idempotency keys are not restored (the store does not keep them).
 *
 * Run it before buyers come back: a purchase between its preload and its last
 * page could take units the replay needs (that order is then refused `no_stock`).
 *
 * @param sale - the sale: a {@link FlashSale} or a {@link SaleReference}
 * @param source - the store: an object with {@link OrderSink.exportOrders}
 * @param options - the catalog, and see {@link RecoverOptions}
 * @returns what was rebuilt and what was refused
 * @throws {@link InvalidArgumentError} when `sale` is not a valid {@link SaleReference},
 *   `source` has no `exportOrders`, an option is unknown or invalid (the catalog is
 *   checked as `preload` checks it; nothing is changed), or an exported order is
 *   malformed (named by its page and index; earlier pages stay replayed)
 * @throws {@link SaleStillLoadedError} when the sale is still in Redis and `force`
 *   is not set (nothing is changed)
 * @throws {@link SaleConflictError} when `force` is set and the sale in Redis was
 *   loaded with another catalog
 * @throws {@link SaleDataError} when the sale's data in Redis is malformed
 * @throws {@link OrderSinkTimeoutError} when an export page outlasts `storeTimeoutMs`
 * @throws {@link RedisUnavailableError} when Redis cannot be reached
 * @throws {@link RedisTimeoutError} when Redis does not answer within `commandTimeoutMs`
 *   (pages replayed so far stay replayed; call again with `force`)
 * @throws {@link RedisCommandError} when Redis answers with an error or an unexpected reply
 * @group Order pipeline
 */
export async function recoverSale(
  sale: SaleReference,
  source: Pick<OrderSink, 'exportOrders'>,
  options: RecoverOptions,
): Promise<RecoverResult> {
  const context = saleContextOf(sale);
  const exportOrders: unknown = isObject(source) ? Reflect.get(source, 'exportOrders') : undefined;
  if (typeof exportOrders !== 'function') {
    throw new InvalidArgumentError(
      'source.exportOrders',
      exportOrders,
      'a function (see OrderSink)',
    );
  }
  const { catalog, force, pageSize, storeTimeoutMs } = resolveOptions(RECOVER_SPEC, options);
  if (!force && (await saleExists(context, OPERATION))) {
    throw new SaleStillLoadedError(context.saleId);
  }
  const outcome = await preload(context, catalog);
  const tally: Tally = { held: 0, sold: 0, present: 0, released: 0, refused: [] };
  const pages = (exportOrders as NonNullable<OrderSink['exportOrders']>).call(
    source,
    context.saleId,
    { signal: new AbortController().signal, pageSize },
  );
  const iterator = pages[Symbol.asyncIterator]();
  try {
    for (let page = 0; ; page += 1) {
      const next = await withStoreTimeout(storeTimeoutMs, async () => iterator.next());
      if (next.done === true) break;
      const orders: unknown = next.value;
      if (!Array.isArray(orders)) {
        throw new InvalidArgumentError(`exportOrders() page ${String(page)}`, orders, 'an array');
      }
      const live: ReplayOrder[] = [];
      (orders as unknown[]).forEach((order, index) => {
        const checked = replayArgs(`exportOrders() page ${String(page)} [${String(index)}]`, order);
        if (checked === null) tally.released += 1;
        else live.push(checked);
      });
      for (let start = 0; start < live.length; start += pageSize) {
        await replay(context, live.slice(start, start + pageSize), tally);
      }
    }
  } finally {
    await iterator.return?.();
  }
  const { held, sold, present, released, refused } = tally;
  return { preload: outcome, held, sold, present, released, refused };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** One script call: these orders become records again (recover-8.lua). */
async function replay(context: SaleContext, orders: readonly ReplayOrder[], tally: Tally) {
  if (orders.length === 0) return;
  const op = context.keys.op(randomToken());
  const args = [String(OP_REPLAY_MS), ...orders.flatMap((order) => order.args)];
  const reply = await runSaleScript(context, SALE_SCRIPTS.recover, OPERATION, args, [op]);
  if (reply === SALE_GONE) throw new SaleNotLoadedError(context.saleId, OPERATION);
  if (reply === SALE_DATA_DAMAGED) throw new SaleDataError(context.saleId, OPERATION);
  const letters = typeof reply === 'string' ? reply : '';
  if (letters.length !== orders.length || !/^[hskoud]*$/.test(letters)) {
    throw new RedisCommandError(OPERATION, `unexpected reply from recover: ${String(reply)}`);
  }
  orders.forEach((order, index) => {
    const letter = letters.charAt(index);
    if (letter === 'h') tally.held += 1;
    else if (letter === 's') tally.sold += 1;
    else if (letter === 'k') tally.present += 1;
    else
      tally.refused.push({
        reservationId: order.reservationId,
        reason: REFUSALS[letter] ?? 'damaged',
      });
  });
}
