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
 * Runs one sale script with the sale's keys.
 * @internal
 */
export async function runSaleScript(
  context: SaleContext,
  script: LuaScript,
  operation: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  return script.run(context.client, operation, context.commandTimeoutMs, context.keys.all, args);
}
