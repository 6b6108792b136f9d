import cancelSource from './cancel-7.lua';
import confirmSource from './confirm-7.lua';
import expireSource from './expire-7.lua';
import { LuaScript } from './lua-script.js';
import preloadSource from './preload-7.lua';
import purchaseSource from './purchase-7.lua';
import restockSource from './restock-7.lua';
import saleStatsSource from './sale-stats-7.lua';
import userStatusSource from './user-status-7.lua';

/**
 * The bundled scripts of a sale; each takes the seven sale keys.
 * @internal
 */
export const SALE_SCRIPTS = {
  preload: new LuaScript('preload', 7, preloadSource),
  restock: new LuaScript('restock', 7, restockSource),
  purchase: new LuaScript('purchase', 7, purchaseSource),
  confirm: new LuaScript('confirm', 7, confirmSource),
  cancel: new LuaScript('cancel', 7, cancelSource),
  expire: new LuaScript('expire', 7, expireSource),
  saleStats: new LuaScript('saleStats', 7, saleStatsSource),
  userStatus: new LuaScript('userStatus', 7, userStatusSource),
} as const;
