--[[ user-status-6.lua: what a front end polls for one buyer, in one round trip:
units used against the limit, and the buyer's reservations with their states.
Read only.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     user id
Returns     { limit, used, rid1, record1, rid2, record2, ... } oldest first (the
            newest 1000 at most),
            or { -1 } when the sale is not loaded
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include user-ledger

local MAX_LISTED = 1000

local limit = redis.call('HGET', META_KEY, 'limit')
if not limit then return { -1 } end
local used, list = read_ledger(ARGV[1])
local out = { tonumber(limit), used }
local ids = {}
for rid in string.gmatch(list, '%S+') do ids[#ids + 1] = rid end
-- the newest MAX_LISTED only, to keep the reply small for very large limits
for i = math.max(1, #ids - MAX_LISTED + 1), #ids do
  local text = redis.call('HGET', HOLDS_KEY, ids[i])
  if text then
    out[#out + 1] = ids[i]
    out[#out + 1] = text
  end
end
return reply(out)
