--[[ expire-6.lua: release holds whose deadline has passed (Redis TIME), at most
ARGV[1] of them per call so one call never blocks Redis for long. Each hold is
released exactly once: a released hold leaves the deadline set in the same step,
so concurrent callers can never both see it.

KEYS[1..6]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     the most holds to release in this call
Returns     { more, rid1, record1, rid2, record2, ... } where more is 1 when
            further overdue holds remain, else 0
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

local meta = read_meta()
if not meta.saleId then return { 0 } end
local now = redis_now_ms()
local due = redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT', 0,
  tonumber(ARGV[1]))
local out = { 0 }
for _, rid in ipairs(due) do
  local text = redis.call('HGET', HOLDS_KEY, rid)
  local r = text and decode_record(text)
  if r and r.state == 'held' then
    release_hold(meta, rid, r, 'expired', now)
    out[#out + 1] = rid
    out[#out + 1] = encode_record(r)
  else
    redis.call('ZREM', DEADLINES_KEY, rid)
  end
end
if #redis.call('ZRANGEBYSCORE', DEADLINES_KEY, '-inf', int_string(now), 'LIMIT', 0, 1) > 0 then
  out[1] = 1
end
if #out > 1 then apply_retention(meta, now) end
return reply(out)
