--[[ restock-8.lua: add stock to a live sale, or withdraw unsold stock from it.

Withdrawal takes only available units, never held or sold ones, so conservation
(available + held + sold = loaded + restocked - withdrawn) keeps holding. Stock
added over the sale's life is bounded (MAX_UNITS) so counters stay exact in Lua's
doubles. The answer is kept under the call's op key for a while, so a re-sent
call answers what its first run did and adds nothing twice.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     delta: > 0 adds, < 0 withdraws
ARGV[2]     how long the op key is kept (ms)
Returns     { code, available }:
             1 done (available after), -1 sale not loaded,
            -22 fewer units available than the withdrawal (available now),
            -23 the sale's total stock would pass MAX_UNITS (the total now),
            -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include retention
local OP_KEY = KEYS[8]
local MAX_UNITS = 1000000000000000 -- 10^15, far inside 2^53
local first = redis.call('GET', OP_KEY)
if first then return { 1, tonumber(first) } end
local meta = read_meta()
if not meta.saleId then return { -1, 0 } end
if meta.corrupt then return { -99, 0 } end
local delta = tonumber(ARGV[1])
if delta < 0 and meta.available < -delta then return { -22, meta.available } end
local total = meta.loaded + meta.restocked
if delta > 0 and total + delta > MAX_UNITS then return { -23, total } end
if delta > 0 then
  redis.call('HSET', META_KEY, 'restocked', int_string(meta.restocked + delta))
else
  redis.call('HSET', META_KEY, 'withdrawn', int_string(meta.withdrawn - delta))
end
meta.available = meta.available + delta
write_counters(meta)
keep_with_sale(meta)
redis.call('SET', OP_KEY, int_string(meta.available), 'PX', ARGV[2])
return { 1, meta.available }
