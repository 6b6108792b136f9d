import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { runSaleScript, type SaleContext } from '../sale-context.js';
import { HORIZON_PASSED, PRELOAD_OUTCOMES, preloadError } from '../lua/reply-codes.js';
import { replyList, replyNumber } from '../../shared/lua/reply-shape.js';
import { SALE_SCRIPTS } from '../lua/sale-scripts.js';
import { resolvePreload, type PreloadOptions, type ResolvedPreload } from './preload-options.js';
import { checkEviction } from './check-eviction.js';
import { OP_REPLAY_MS, randomToken } from '../random-token.js';
import { InvalidArgumentError } from '../../shared/errors/invalid-argument-error.js';
import { catalogChunks, catalogDigest, type ResolvedItem } from '../catalog/catalog.js';

/**
 * What {@link FlashSale.preload} did: `created` a new sale, left it `unchanged`
 * (the same preload again), or `replaced` its settings (forced).
 * @group Results
 * @category Sale
 */
export type PreloadOutcome = 'created' | 'unchanged' | 'replaced';

/** Runs one chunk (dry: checks only) and returns its code, or throws its error. */
async function runChunk(
  context: SaleContext,
  resolved: ResolvedPreload,
  digest: string,
  chunks: readonly (readonly ResolvedItem[])[],
  index: number,
  dry: boolean,
): Promise<number> {
  const items = chunks[index] ?? [];
  const args: (string | number)[] = [
    context.saleId,
    resolved.perUserLimit,
    resolved.holdMs,
    resolved.startMs ?? '',
    resolved.endMs ?? '',
    resolved.retainMs,
    resolved.outbox ? '1' : '0',
    resolved.force ? '1' : '0',
    resolved.historyMs,
    OP_REPLAY_MS,
    resolved.maxExtendMs,
    digest,
    resolved.items.length,
    index,
    chunks.length,
    dry ? '1' : '0',
    resolved.rateLimit,
    resolved.requirePurchaseToken ? '1' : '',
  ];
  for (const item of items) args.push(item.id, item.stock, item.limit);
  const reply = replyList(
    'preload',
    await runSaleScript(context, SALE_SCRIPTS.preload, 'preload', args, [
      context.keys.op(randomToken()), // a re-sent copy answers as this call ('created')
    ]),
  );
  const code = replyNumber('preload', reply, 0);
  if (code === HORIZON_PASSED) {
    throw new InvalidArgumentError(
      'endMs',
      resolved.endMs,
      `an end such that endMs + holdMs + maxExtendMs + retainMs is after Redis's time (${String(reply[1])}): the sale's keys would expire at once`,
    );
  }
  const byId = new Map(resolved.items.map((item) => [item.id, item]));
  const error = preloadError(
    code,
    context.saleId,
    reply[1],
    typeof reply[2] === 'string' ? reply[2] : '',
    (id) => byId.get(id)?.stock ?? 0,
    (id) => (id === '' ? resolved.perUserLimit : (byId.get(id)?.limit ?? 0)),
  );
  if (error) throw error;
  if (PRELOAD_OUTCOMES[code] === undefined) {
    throw new RedisCommandError('preload', `unexpected code ${String(code)}`);
  }
  return code;
}

/**
 * Loads the catalog in chunks (preload-8.lua), the first carrying the sale's
 * rules. A forced preload of several chunks first runs every chunk dry, so a
 * conflict in its last chunk is found before its first one writes.
 * @internal
 */
export async function preload(
  context: SaleContext,
  options: PreloadOptions,
): Promise<PreloadOutcome> {
  const resolved = resolvePreload(options);
  if (!resolved.allowEvictingRedis) await checkEviction(context);
  const digest = catalogDigest(resolved.items);
  const chunks = catalogChunks(resolved.items);
  if (resolved.force && chunks.length > 1) {
    for (let index = 0; index < chunks.length; index += 1) {
      await runChunk(context, resolved, digest, chunks, index, true);
    }
  }
  const code = await runChunk(context, resolved, digest, chunks, 0, false);
  const outcome = PRELOAD_OUTCOMES[code] ?? 'unchanged';
  if (outcome === 'unchanged') return outcome;
  for (let index = 1; index < chunks.length; index += 1) {
    await runChunk(context, resolved, digest, chunks, index, false);
  }
  return outcome;
}
