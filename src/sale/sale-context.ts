import type { SaleKeys } from './sale-keys.js';
import type { RedisClient } from '../shared/redis/redis-client.js';
import type { LuaScript } from '../shared/lua/lua-script.js';

/**
 * What every operation of one sale needs: validated once, in the constructor.
 * @internal
 */
export interface SaleContext {
  readonly client: RedisClient;
  readonly saleId: string;
  readonly keys: SaleKeys;
  readonly commandTimeoutMs: number;
}

/**
 * Runs one sale script with the sale's keys (and, for the scripts that keep their
 * answer for a re-sent copy, the call's op key after them).
 * @internal
 */
export async function runSaleScript(
  context: SaleContext,
  script: LuaScript,
  operation: string,
  args: readonly (string | number)[],
  extraKeys: readonly string[] = [],
): Promise<unknown> {
  const keys = extraKeys.length === 0 ? context.keys.all : [...context.keys.all, ...extraKeys];
  return script.run(context.client, operation, context.commandTimeoutMs, keys, args);
}
