import cancelSource from './cancel-6.lua';
import confirmSource from './confirm-6.lua';
import expireSource from './expire-6.lua';
import { SALE_KEY_COUNT } from '../keys/sale-keys.js';
import { LuaScript } from './lua-script.js';
import preloadSource from './preload-6.lua';
import purchaseSource from './purchase-6.lua';
import restockSource from './restock-6.lua';
import saleStatsSource from './sale-stats-6.lua';
import userStatusSource from './user-status-6.lua';

/**
 * The bundled scripts of a sale; each takes the six sale keys.
 * @internal
 */
export const SALE_SCRIPTS = {
  preload: new LuaScript('preload', SALE_KEY_COUNT, preloadSource),
  restock: new LuaScript('restock', SALE_KEY_COUNT, restockSource),
  purchase: new LuaScript('purchase', SALE_KEY_COUNT, purchaseSource),
  confirm: new LuaScript('confirm', SALE_KEY_COUNT, confirmSource),
  cancel: new LuaScript('cancel', SALE_KEY_COUNT, cancelSource),
  expire: new LuaScript('expire', SALE_KEY_COUNT, expireSource),
  saleStats: new LuaScript('saleStats', SALE_KEY_COUNT, saleStatsSource),
  userStatus: new LuaScript('userStatus', SALE_KEY_COUNT, userStatusSource),
} as const;
