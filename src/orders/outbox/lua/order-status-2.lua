--[[ order-status-2.lua: one reservation's record and whether its order was placed,
with Redis's clock, in one round trip. Read only. The clock lets the caller report
a hold whose deadline has passed as expired before any sweeper has released it.

KEYS[1] the sale's holds hash   KEYS[2] the pipeline's delivered hash
ARGV[1] reservation id
Returns { record or '', mark, now ms }: mark is 'placed', 'dead' or ''; now is
        Redis TIME in milliseconds, as a decimal string
]]
-- @include redis-time

local record = redis.call('HGET', KEYS[1], ARGV[1])
local mark = redis.call('HGET', KEYS[2], ARGV[1])
-- a missing field is false in Redis and a null userdata in ioredis-mock
if type(record) ~= 'string' then record = '' end
if type(mark) ~= 'string' then mark = '' end
return { record, mark, redis_now_ms_string() }
