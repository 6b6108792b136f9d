--[[ cancel-7.lua: held -> released (cancelled by the buyer, or failed: the order
could not be written). Stock and the user's allowance come back in this same
atomic step, so the user can buy again. Cancelling a released hold answers the
same. A hold whose deadline has already passed is released as expired (what it
is, and what every read already reports), answered as already released. The
call's op token goes into the record, so a re-sent call answers as its first run.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
ARGV[2]     reason: 'cancelled' or 'failed'
ARGV[3]     op token of this call (random, drawn by the client)
Returns     { code, record }:
             1 released by this call, 2 was already released (record says why),
            -10 unknown reservation, -13 already sold, -99 the sale's data is damaged
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
local rid, reason, op = ARGV[1], ARGV[2], ARGV[3]
local r, meta, early = load_transition(rid)
if early then return early end
if r.state == 'sold' then return { -13, encode_record(r) } end
if r.state ~= 'held' then
  if r.op == op and r.state == reason then return { 1, encode_record(r) } end
  return { 2, encode_record(r) }
end
local now = redis_now_ms()
local code = 1
if now >= r.deadline then
  reason = 'expired'
  code = 2
end
if not release_hold(meta, rid, r, reason, now, op) then return { -99, '' } end
finish_write(meta, now)
return { code, encode_record(r) }
