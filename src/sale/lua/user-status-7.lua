--[[ user-status-7.lua: what a front end polls for one buyer, in one round trip:
units used against the limit, and the buyer's reservations with their states,
with Redis's time so the reader can report an overdue hold as expired. Read only.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     user id
Returns     { limit, used, now, rid1, record1, rid2, record2, ... } oldest first,
            or { -1 } when the sale is not loaded
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include user-ledger
local limit = redis.call('HGET', META_KEY, 'limit')
if not limit then return { -1 } end
local used, list = read_ledger(ARGV[1])
local out = { tonumber(limit), used or 0, int_string(redis_now_ms()) }
for rid in string.gmatch(list or '', '%S+') do
  local text = redis.call('HGET', HOLDS_KEY, rid)
  if text then
    out[#out + 1] = rid
    out[#out + 1] = text
  end
end
return reply(out)
