--[[ restock-8.lua: add stock to one item of a live sale, or withdraw unsold stock
from it.

Withdrawal takes only available units, never held or sold ones, so conservation
(available + held + sold = loaded + restocked - withdrawn, for the item and for
the sale) keeps holding. Stock taken in over the sale's life is bounded
(MAX_UNITS) so counters stay exact in Lua's doubles. The answer is kept under the
call's op key for a while, so a re-sent call answers what its first run did and
adds nothing twice.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     this call's op key (same hash tag)
ARGV[1]     delta: > 0 adds, < 0 withdraws
ARGV[2]     how long the op key is kept (ms)
ARGV[3]     the item
Returns     { code, available }:
             1 done (the item's available units after), -1 sale not loaded,
            -14 no such item,
            -22 fewer units available than the withdrawal (the item's available now),
            -23 the sale's total stock would pass MAX_UNITS (the total now),
            -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include items
local OP_KEY = KEYS[8]
local MAX_UNITS = 1000000000000000 -- 10^15, far inside 2^53
local first = redis.call('GET', OP_KEY)
if first then return { 1, tonumber(first) } end
local meta = read_meta()
if not meta.saleId then return { -1, 0 } end
if meta.corrupt then return { -99, 0 } end
local it, why = get_item(ARGV[3])
if not it then
  if why == 'unknown' then return { -14, 0 } end
  return { -99, 0 }
end
local delta = tonumber(ARGV[1])
if delta < 0 and it.available < -delta then return { -22, it.available } end
local total = meta.loaded + meta.restocked
if delta > 0 and total + delta > MAX_UNITS then return { -23, total } end
if delta > 0 then
  it.restocked = it.restocked + delta
  meta.restocked = meta.restocked + delta
else
  it.withdrawn = it.withdrawn - delta
  meta.withdrawn = meta.withdrawn - delta
end
it.available = it.available + delta
meta.available = meta.available + delta
touch_item(it)
redis.call('HSET', META_KEY, 'restocked', int_string(meta.restocked), 'withdrawn',
  int_string(meta.withdrawn))
write_counters(meta)
redis.call('SET', OP_KEY, int_string(it.available), 'PX', ARGV[2])
return { 1, it.available }
