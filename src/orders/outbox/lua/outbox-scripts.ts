import { LuaScript } from '../../../shared/lua/lua-script.js';
import { LUA_SCRIPTS } from './scripts.generated.js';

/**
 * The order pipeline's bundled scripts. Each `.lua` header lists its keys and arguments.
 * @internal
 */
export const OUTBOX_SCRIPTS = {
  begin: new LuaScript('outboxBegin', LUA_SCRIPTS.begin),
  ack: new LuaScript('outboxAck', LUA_SCRIPTS.ack),
  deadLetter: new LuaScript('outboxDeadLetter', LUA_SCRIPTS.deadLetter),
  recordFailure: new LuaScript('outboxRecordFailure', LUA_SCRIPTS.recordFailure),
  touch: new LuaScript('outboxTouch', LUA_SCRIPTS.touch),
  trim: new LuaScript('outboxTrim', LUA_SCRIPTS.trim),
  orderStatus: new LuaScript('orderStatus', LUA_SCRIPTS.orderStatus),
  redrive: new LuaScript('outboxRedrive', LUA_SCRIPTS.redrive),
} as const;
