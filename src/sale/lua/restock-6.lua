--[[ restock-6.lua: add stock to a live sale, or withdraw unsold stock from it.
Withdrawal takes only available units, never held or sold ones, so conservation
(available + held + sold = loaded + restocked - withdrawn) keeps holding.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     delta: > 0 adds, < 0 withdraws
Returns     { code, available }:
             1 done (available after), -1 sale not loaded,
            -22 fewer units available than the withdrawal (available now)
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include retention

local meta = read_meta()
if not meta.saleId then return { -1, 0 } end
local delta = tonumber(ARGV[1])
local available = tonumber(meta.available)
if delta < 0 and available < -delta then return { -22, available } end
if delta > 0 then
  redis.call('HINCRBY', META_KEY, 'restocked', delta)
else
  redis.call('HINCRBY', META_KEY, 'withdrawn', -delta)
end
local after = redis.call('HINCRBY', META_KEY, 'available', delta)
apply_retention(meta, redis_now_ms())
return { 1, after }
