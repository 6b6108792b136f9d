import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { restockError } from '../lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { MAX_STOCK } from '../catalog/catalog-bounds.js';
import { DEFAULT_ITEM, itemId } from '../catalog/item-id.js';
import { readOptions } from '../../shared/validate/options-object.js';
import { OP_REPLAY_MS, randomToken } from '../random-token.js';

/**
 * Options of {@link FlashSale.restock}.
 * @group Options
 * @category Sale
 */
export interface RestockOptions {
  /**
   * The item to restock, an id from the sale's catalog.
   * @defaultValue {@link DEFAULT_ITEM}
   */
  readonly item?: string;
}

const RESTOCK_SHAPE = { owner: 'restock', keys: ['item'], optional: true } as const;

/**
 * The item a restock names, once its arguments are checked (nothing read or written).
 * @internal
 */
export function restockItem(delta: number, options?: RestockOptions): string {
  const given = readOptions(options, RESTOCK_SHAPE);
  const item = given.item === undefined ? DEFAULT_ITEM : itemId('item', given.item);
  integerInRange('delta', delta, -MAX_STOCK, MAX_STOCK);
  if (delta === 0) throw new InvalidArgumentError('delta', delta, 'a non-zero integer');
  return item;
}

/** @internal */
export async function restock(
  context: SaleContext,
  delta: number,
  options?: RestockOptions,
): Promise<number> {
  const item = restockItem(delta, options);
  const reply = replyList(
    'restock',
    await runSaleScript(
      context,
      SALE_SCRIPTS.restock,
      'restock',
      [delta, OP_REPLAY_MS, item],
      [context.keys.op(randomToken())], // a re-sent copy answers as this call, adds nothing twice
    ),
  );
  const code = replyNumber('restock', reply, 0);
  const available = replyNumber('restock', reply, 1);
  const error = restockError(code, context.saleId, item, available, delta);
  if (error) throw error;
  return available;
}
