import { LuaScript } from '../../shared/lua/lua-script.js';
import { LUA_SCRIPTS } from './scripts.generated.js';

/**
 * The bundled scripts of a sale; each takes the seven sale keys (preload, restock,
 * expire, reemit and recover also their call's op key; the transfer scripts the
 * sale's transfers hash).
 * @internal
 */
export const SALE_SCRIPTS = {
  preload: new LuaScript('preload', LUA_SCRIPTS.preload),
  restock: new LuaScript('restock', LUA_SCRIPTS.restock),
  purchase: new LuaScript('purchase', LUA_SCRIPTS.purchase),
  confirm: new LuaScript('confirm', LUA_SCRIPTS.confirm),
  cancel: new LuaScript('cancel', LUA_SCRIPTS.cancel),
  expire: new LuaScript('expire', LUA_SCRIPTS.expire),
  extend: new LuaScript('extend', LUA_SCRIPTS.extend),
  itemStats: new LuaScript('itemStats', LUA_SCRIPTS.itemStats),
  saleStats: new LuaScript('saleStats', LUA_SCRIPTS.saleStats),
  userStatus: new LuaScript('userStatus', LUA_SCRIPTS.userStatus),
  reservation: new LuaScript('reservation', LUA_SCRIPTS.reservation),
  held: new LuaScript('held', LUA_SCRIPTS.held),
  reemit: new LuaScript('reemit', LUA_SCRIPTS.reemit),
  recover: new LuaScript('recover', LUA_SCRIPTS.recover),
  transferOut: new LuaScript('transferOut', LUA_SCRIPTS.transferOut),
  transferIn: new LuaScript('transferIn', LUA_SCRIPTS.transferIn),
  transferSettle: new LuaScript('transferSettle', LUA_SCRIPTS.transferSettle),
} as const;
