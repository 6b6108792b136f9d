--[[ order-status-2.lua: one reservation's record and whether its order was placed,
in one round trip. Read only.

KEYS[1] the sale's holds hash   KEYS[2] the pipeline's delivered hash
ARGV[1] reservation id
Returns { record or '', mark }: mark is 'placed', 'dead' or ''
]]
local record = redis.call('HGET', KEYS[1], ARGV[1])
local mark = redis.call('HGET', KEYS[2], ARGV[1])
-- a missing field is false in Redis and a null userdata in ioredis-mock
if type(record) ~= 'string' then record = '' end
if type(mark) ~= 'string' then mark = '' end
return { record, mark }
