import { LuaScript } from '../../scripts/lua-script.js';
import ackSource from './ack-4.lua';
import beginSource from './begin-4.lua';
import deadLetterSource from './dead-letter-5.lua';
import orderStatusSource from './order-status-2.lua';
import touchSource from './touch-1.lua';
import trimSource from './trim-1.lua';

/**
 * The order pipeline's bundled scripts. Each header lists its keys and arguments.
 * @internal
 */
export const OUTBOX_SCRIPTS = {
  begin: new LuaScript('outboxBegin', 4, beginSource),
  ack: new LuaScript('outboxAck', 4, ackSource),
  deadLetter: new LuaScript('outboxDeadLetter', 5, deadLetterSource),
  touch: new LuaScript('outboxTouch', 1, touchSource),
  trim: new LuaScript('outboxTrim', 1, trimSource),
  orderStatus: new LuaScript('orderStatus', 2, orderStatusSource),
} as const;
