--[[ transfer-settle-8.lua: the last step of a transfer between shards: close the
source's open record once the destination has the units (transfer-in-8.lua
answered 1 or 2). The record stays, settled, until the sale's keys expire, so a
late or re-sent transfer-out-8.lua of the same id still takes nothing.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     the sale's transfers hash (lib/transfers.lua)
ARGV[1]     transfer id
Returns     1 settled by this call, 2 already settled, 0 no such transfer
]]
-- @include sale-keys
-- @include transfers
local field = 'out:' .. ARGV[1]
local record = redis.call('HGET', TRANSFERS_KEY, field)
if not record then return 0 end
local rest = string.match(record, '^open (.*)$')
if not rest then return 2 end
redis.call('HSET', TRANSFERS_KEY, field, 'settled ' .. rest)
drop_open(string.match(rest, '^%d+ (%S+) '), ARGV[1])
return 1
