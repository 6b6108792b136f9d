--[[ sale-stats-7.lua: the sale's counters and rules, with Redis's time, in one
round trip. Read only. Overdue holds (deadline passed, not yet released by a
purchase that needed them or by expire()) are counted apart, so a reader can
tell a sale whose only stock is overdue holds from one that is sold out.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
Returns     { now, loaded, restocked, withdrawn, available, held, sold, limit,
              holdMs, startMs, endMs, retainMs, historyMs, expireAt, maxExtendMs,
              items, overdueHolds }
            as strings ('' where unset), or { now } alone when the sale is not loaded
]]
-- @include sale-keys
-- @include portable
-- @include clock
local now = redis_now_ms()
local fields = { 'saleId', 'loaded', 'restocked', 'withdrawn', 'available', 'held', 'sold',
  'limit', 'holdMs', 'startMs', 'endMs', 'retainMs', 'historyMs', 'expireAt', 'maxExtendMs',
  'items' }
local values = redis.call('HMGET', META_KEY, unpack_list(fields))
local out = { int_string(now) }
if type(values[1]) ~= 'string' then return reply(out) end
for i = 2, #fields do
  if type(values[i]) == 'string' then out[#out + 1] = values[i] else out[#out + 1] = '' end
end
out[#out + 1] = redis.call('ZCOUNT', DEADLINES_KEY, '-inf', int_string(now))
return reply(out)
