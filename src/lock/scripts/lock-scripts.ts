import { RedisCommandError } from '../../errors/redis-errors.js';
import { LuaScript } from '../../scripts/lua-script.js';
import acquireSource from './acquire-2.lua';
import extendSource from './extend-1.lua';
import fenceNextSource from './fence-next-2.lua';
import fenceRaiseSource from './fence-raise-2.lua';
import releaseSource from './release-1.lua';

/** SET NX PX plus the fencing token, atomically (single instance). @internal */
export const acquireScript = new LuaScript('lockAcquire', 2, acquireSource);
/** Token-checked PEXPIRE. @internal */
export const extendScript = new LuaScript('lockExtend', 1, extendSource);
/** Token-checked DEL. @internal */
export const releaseScript = new LuaScript('lockRelease', 1, releaseSource);
/** Redlock fencing, phase 1: next token on a server that holds the lock. @internal */
export const fenceNextScript = new LuaScript('lockFenceNext', 2, fenceNextSource);
/** Redlock fencing, phase 2: raise the counter to the chosen token. @internal */
export const fenceRaiseScript = new LuaScript('lockFenceRaise', 2, fenceRaiseSource);

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
