--[[ reservation-7.lua: one reservation's record with Redis's time, so the reader
can report an overdue hold as expired. Read only.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
Returns     { now, record or '' }
]]
-- @include sale-keys
-- @include portable
-- @include clock
local text = redis.call('HGET', HOLDS_KEY, ARGV[1])
if type(text) ~= 'string' then text = '' end
return { int_string(redis_now_ms()), text }
