--[[ confirm-6.lua: held -> sold (the buyer paid).

Confirming twice answers the same. A hold whose deadline has passed is released
as expired here and now (even if no expire() has run yet), so a payment that
arrives late never sells a unit that is due back in stock.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
Returns     { code, record }:
             1 confirmed now, 2 was already sold,
            -10 unknown reservation, -11 already released (record says why),
            -12 deadline passed: released as expired by this call
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
if r.state == 'sold' then return { 2, text } end
if r.state ~= 'held' then return { -11, text } end

local meta = read_meta()
local now = redis_now_ms()
if now >= r.deadline then
  release_hold(meta, rid, r, 'expired', now)
  apply_retention(meta, now)
  return { -12, encode_record(r) }
end

r.state = 'sold'
r.ended = int_string(now)
redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
redis.call('ZREM', DEADLINES_KEY, rid)
redis.call('HINCRBY', META_KEY, 'held', -r.qty)
redis.call('HINCRBY', META_KEY, 'sold', r.qty)
emit(meta.outbox, meta.saleId, 'confirmed', rid, r, now)
apply_retention(meta, now)
return { 1, encode_record(r) }
