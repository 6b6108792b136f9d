--[[ item-stats-7.lua: the counters and per-user limit of a page of items, with
Redis's time, in one round trip. Read only.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV        item ids
Returns     { now, loaded, item1, item2, … } where loaded is 1 when the sale is
            loaded, and each item is its stored field
            ("available held sold loaded restocked withdrawn limit") or '' when the
            catalog has no such item
]]
-- @include sale-keys
-- @include portable
-- @include clock
local fields = { 'saleId' }
for i = 1, #ARGV do fields[i + 1] = 'item:' .. ARGV[i] end
local values = redis.call('HMGET', META_KEY, unpack_list(fields))
local out = { int_string(redis_now_ms()), 0 }
if type(values[1]) == 'string' then out[2] = 1 end
for i = 2, #fields do
  if type(values[i]) == 'string' then out[#out + 1] = values[i] else out[#out + 1] = '' end
end
return reply(out)
