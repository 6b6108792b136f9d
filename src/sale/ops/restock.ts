import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { stockError } from '../lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { integerInRange } from '../../shared/validate/integer-in-range.js';
import { MAX_STOCK } from './preload-options.js';
import { OP_REPLAY_MS, randomToken } from '../random-token.js';

/** @internal */
export async function restock(context: SaleContext, delta: number): Promise<number> {
  integerInRange('delta', delta, -MAX_STOCK, MAX_STOCK);
  if (delta === 0) throw new InvalidArgumentError('delta', delta, 'a non-zero integer');
  const reply = replyList(
    'restock',
    await runSaleScript(
      context,
      SALE_SCRIPTS.restock,
      'restock',
      [delta, OP_REPLAY_MS],
      [context.keys.op(randomToken())], // a re-sent copy answers as this call, adds nothing twice
    ),
  );
  const code = replyNumber('restock', reply, 0);
  const available = replyNumber('restock', reply, 1);
  const error = stockError(code, context.saleId, available, delta);
  if (error) throw error;
  return available;
}
