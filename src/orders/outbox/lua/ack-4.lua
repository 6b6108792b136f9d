--[[ ack-4.lua: acknowledge entries the sink has written. A 'reserved' event
acknowledged here marks its reservation as placed: its order exists, and its
later event may go to the sink. Entries already acknowledged (by a worker that
wrote them too) are left as they are.

Safe to run twice: a second run finds the entries acknowledged and changes
nothing. Writes nothing when the sale is gone.

KEYS[1] events stream   KEYS[2] delivered hash   KEYS[3] attempts hash
KEYS[4] the sale's meta hash (for the lifetime of KEYS[2])
ARGV[1] group
ARGV[2..] per entry: entry id, reservation id, event type
Returns the number of entries this call acknowledged; SALE_GONE (-1) when the
        sale's meta key does not exist
]]
-- @include keep-with-sale

local EVENTS, DELIVERED, ATTEMPTS = KEYS[1], KEYS[2], KEYS[3]
local lifetime = sale_lifetime(KEYS[4])
if lifetime == nil then return SALE_GONE end
local acked = 0
for i = 2, #ARGV, 3 do
  local id, rid, kind = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('XACK', EVENTS, ARGV[1], id) == 1 then
    acked = acked + 1
    if kind == 'reserved' then redis.call('HSET', DELIVERED, rid, 'placed') end
  end
  redis.call('HDEL', ATTEMPTS, id, id .. ':error', id .. ':by')
end
if acked > 0 then keep_with_sale(lifetime, { DELIVERED }) end
return acked
