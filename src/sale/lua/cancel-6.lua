--[[ cancel-6.lua: held -> released (cancelled by the buyer, or failed: the order
could not be written). Stock and the user's allowance come back in this same
atomic step, so the user can buy again. Cancelling a released hold answers the same.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
ARGV[2]     reason: 'cancelled' or 'failed'
Returns     { code, record }:
             1 released now, 2 was already released (record says why),
            -10 unknown reservation, -13 already sold
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include outbox
-- @include retention
-- @include user-ledger
-- @include release

local rid = ARGV[1]
local text = redis.call('HGET', HOLDS_KEY, rid)
if not text then return { -10, '' } end
local r = decode_record(text)
if r.state == 'sold' then return { -13, text } end
if r.state ~= 'held' then return { 2, text } end

local meta = read_meta()
local now = redis_now_ms()
release_hold(meta, rid, r, ARGV[2], now)
apply_retention(meta, now)
return { 1, encode_record(r) }
