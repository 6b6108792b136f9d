import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { HORIZON_PASSED, PRELOAD_OUTCOMES, stockError } from '../lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { resolvePreload, type PreloadOptions } from './preload-options.js';
import { checkEviction } from './check-eviction.js';
import { OP_REPLAY_MS, randomToken } from '../random-token.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';

/**
 * What {@link FlashSale.preload} did: `created` a new sale, left it `unchanged`
 * (the same preload again), or `replaced` its settings (forced).
 * @group Results
 * @category Sale
 */
export type PreloadOutcome = 'created' | 'unchanged' | 'replaced';

/** @internal */
export async function preload(
  context: SaleContext,
  options: PreloadOptions,
): Promise<PreloadOutcome> {
  const resolved = resolvePreload(options);
  if (!resolved.allowEvictingRedis) await checkEviction(context);
  const reply = replyList(
    'preload',
    await runSaleScript(
      context,
      SALE_SCRIPTS.preload,
      'preload',
      [
        context.saleId,
        resolved.stock,
        resolved.perUserLimit,
        resolved.holdMs,
        resolved.startMs ?? '',
        resolved.endMs ?? '',
        resolved.retainMs,
        resolved.outbox ? '1' : '0',
        resolved.force ? '1' : '0',
        resolved.historyMs,
        OP_REPLAY_MS,
      ],
      [context.keys.op(randomToken())], // a re-sent copy answers as this call ('created')
    ),
  );
  const code = replyNumber('preload', reply, 0);
  if (code === HORIZON_PASSED) {
    throw new InvalidArgumentError(
      'endMs',
      resolved.endMs,
      `an end such that endMs + holdMs + retainMs is after Redis's time (${String(reply[1])}): the sale's keys would expire at once`,
    );
  }
  const error = stockError(code, context.saleId, reply[1], resolved.stock, resolved.perUserLimit);
  if (error) throw error;
  const outcome = PRELOAD_OUTCOMES[code];
  if (outcome === undefined)
    throw new RedisCommandError('preload', `unexpected code ${String(code)}`);
  return outcome;
}
