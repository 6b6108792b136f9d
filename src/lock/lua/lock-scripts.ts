import { RedisCommandError } from '../../shared/errors/redis-errors.js';
import { LuaScript } from '../../shared/lua/lua-script.js';
import { LUA_SCRIPTS } from './scripts.generated.js';

/** SET NX PX plus the fencing token, atomically (single instance). @internal */
export const acquireScript = new LuaScript('lockAcquire', LUA_SCRIPTS.acquire);
/** Token-checked PEXPIRE. @internal */
export const extendScript = new LuaScript('lockExtend', LUA_SCRIPTS.extend);
/** Token-checked DEL. @internal */
export const releaseScript = new LuaScript('lockRelease', LUA_SCRIPTS.release);
/** Redlock fencing, phase 1: next token on a server that holds the lock. @internal */
export const fenceNextScript = new LuaScript('lockFenceNext', LUA_SCRIPTS.fenceNext);
/** Redlock fencing, phase 2: raise the counter to the chosen token. @internal */
export const fenceRaiseScript = new LuaScript('lockFenceRaise', LUA_SCRIPTS.fenceRaise);

/** Every lock script, for the SHA test. @internal */
export const LOCK_SCRIPTS = [
  acquireScript,
  extendScript,
  releaseScript,
  fenceNextScript,
  fenceRaiseScript,
] as const;

/** How long a fence key outlives its last use: a day beyond the lock's ttl. @internal */
export function fenceRetentionMs(ttlMs: number): number {
  return ttlMs + 86_400_000;
}

/**
 * Parses a fencing token returned by a script: `undefined` for `''` (not taken).
 * @throws {@link RedisCommandError} for any other reply, which only a foreign value
 *   under our key could cause
 * @internal
 */
export function parseFence(operation: string, reply: unknown): number | undefined {
  if (reply === '') return undefined;
  const fence = typeof reply === 'string' ? Number(reply) : Number.NaN;
  if (Number.isSafeInteger(fence) && fence > 0) return fence;
  throw new RedisCommandError(operation, `unexpected fencing token ${JSON.stringify(reply)}`);
}
