--[[ sale-stats-6.lua: the sale's counters and rules, with Redis's time, in one
round trip. Read only.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
Returns     { now, loaded, restocked, withdrawn, available, held, sold, limit,
              holdMs, startMs, endMs, retainMs } as strings ('' where unset),
            or { now } alone when the sale is not loaded
]]
-- @include sale-keys
-- @include portable
-- @include clock

local now = int_string(redis_now_ms())
local fields = { 'saleId', 'loaded', 'restocked', 'withdrawn', 'available', 'held', 'sold',
  'limit', 'holdMs', 'startMs', 'endMs', 'retainMs' }
local out = { now }
for i, name in ipairs(fields) do
  local value = redis.call('HGET', META_KEY, name)
  if i == 1 and not value then return reply(out) end
  if i > 1 then out[#out + 1] = value or '' end
end
return reply(out)
