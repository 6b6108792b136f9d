--[[ dead-letter-5.lua: move an entry the sink never accepted to the dead-letter
stream, exactly once: the acknowledgement and the dead letter happen together,
and an entry already acknowledged is left alone. A dead 'reserved' event marks
its reservation 'dead', so its later events ('failed', from the compensation that
ran before this script) may go to the sink.

Safe to run twice: the second run finds the entry acknowledged and adds no
second dead letter. Writes nothing when the sale is gone (its stream is gone
with it, so there is nothing left to acknowledge).

KEYS[1] events stream   KEYS[2] delivered hash   KEYS[3] attempts hash
KEYS[4] dead-letter stream   KEYS[5] the sale's meta hash (for lifetimes)
ARGV[1] group   ARGV[2] entry id   ARGV[3] reservation id   ARGV[4] event type
ARGV[5] compensation: released | already_released | sold | unknown | none
ARGV[6] attempts   ARGV[7] error, or '' for the last failure recorded
ARGV[8] sale id   ARGV[9] user id   ARGV[10] quantity   ARGV[11] at ms
ARGV[12] deadline ms   ARGV[13] lines   ARGV[14] metadata JSON, or ''
Returns 1 when dead-lettered by this call, 0 when it was already acknowledged,
        SALE_GONE (-1) when the sale's meta key does not exist
]]
-- @include keep-with-sale

local EVENTS, DELIVERED, ATTEMPTS, DEAD = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local id, rid, kind = ARGV[2], ARGV[3], ARGV[4]
local lifetime = sale_lifetime(KEYS[5])
if lifetime == nil then return SALE_GONE end
local last_error = redis.call('HGET', ATTEMPTS, id .. ':error')
redis.call('HDEL', ATTEMPTS, id, id .. ':error', id .. ':by')
if redis.call('XACK', EVENTS, ARGV[1], id) == 0 then return 0 end
if ARGV[7] ~= '' or type(last_error) ~= 'string' then last_error = ARGV[7] end
redis.call('XADD', DEAD, '*', 'entry', id, 'type', kind, 'sale', ARGV[8], 'rid', rid,
  'user', ARGV[9], 'qty', ARGV[10], 'at', ARGV[11], 'deadline', ARGV[12],
  'lines', ARGV[13] or '', 'meta', ARGV[14] or '', 'attempts', ARGV[6], 'error', last_error, 'compensation', ARGV[5])
if kind == 'reserved' then redis.call('HSET', DELIVERED, rid, 'dead') end
keep_with_sale(lifetime, { DELIVERED, DEAD })
return 1
