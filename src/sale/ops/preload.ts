import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { PRELOAD_OUTCOMES, stockError } from '../lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { resolvePreload, type PreloadOptions } from './preload-options.js';

/**
 * What {@link FlashSale.preload} did: `created` a new sale, left it `unchanged`
 * (the same preload again), or `replaced` its settings (forced).
 */
export type PreloadOutcome = 'created' | 'unchanged' | 'replaced';

/** @internal */
export async function preload(
  context: SaleContext,
  options: PreloadOptions,
): Promise<PreloadOutcome> {
  const resolved = resolvePreload(options);
  const reply = replyList(
    'preload',
    await runSaleScript(context, SALE_SCRIPTS.preload, 'preload', [
      context.saleId,
      resolved.stock,
      resolved.perUserLimit,
      resolved.holdMs,
      resolved.startMs ?? '',
      resolved.endMs ?? '',
      resolved.retainMs,
      resolved.outbox ? '1' : '0',
      resolved.force ? '1' : '0',
    ]),
  );
  const code = replyNumber('preload', reply, 0);
  const error = stockError(code, context.saleId, replyNumber('preload', reply, 1), resolved.stock);
  if (error) throw error;
  const outcome = PRELOAD_OUTCOMES[code];
  if (outcome === undefined)
    throw new RedisCommandError('preload', `unexpected code ${String(code)}`);
  return outcome;
}
