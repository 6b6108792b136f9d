--[[ extend-7.lua: lengthen a hold's payment window (a buyer stuck at 3-D Secure).

Only a hold that is still held and whose deadline has not passed can be
extended, and never beyond createdMs + holdMs + maxExtendMs (maxExtendMs is set
by preload; 0 allows no extension). A hold found overdue is released as expired
here and now, as confirm does. The call's op token goes into the record, so a
re-sent call answers as its first run and extends once.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
ARGV[2]     milliseconds to add (>= 1)
ARGV[3]     op token of this call (random, drawn by the client)
Returns     { code, record or detail }:
             1 extended (the record),
            -10 unknown reservation, -11 already released (the record),
            -12 deadline passed: released as expired by this call (the record),
            -13 already sold (the record),
            -15 beyond the most the hold may be extended (detail: the ms still allowed),
            -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include items
-- @include outbox
-- @include retention
-- @include user-ledger
-- @include history
-- @include release
-- @include ending
local rid, ms, op = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local r, meta, early = load_transition(rid)
if early then return early end
if r.state == 'sold' then return { -13, encode_record(r) } end
if r.state ~= 'held' then
  if r.op == op and r.state == 'expired' then return { -12, encode_record(r) } end
  return { -11, encode_record(r) }
end
if r.op == op then return { 1, encode_record(r) } end -- our own first run
local now = redis_now_ms()
if now >= r.deadline then
  if not release_hold(meta, rid, r, 'expired', now, op) then return { -99, '' } end
  finish_write(meta, now)
  return { -12, encode_record(r) }
end
local latest = r.created + meta.holdMs + meta.maxExtendMs
if r.deadline + ms > latest then
  return { -15, int_string(math.max(0, latest - r.deadline)) }
end
r.deadline = r.deadline + ms
r.op = op
redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
redis.call('ZADD', DEADLINES_KEY, int_string(r.deadline), rid)
return { 1, encode_record(r) }
