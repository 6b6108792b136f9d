--[[ confirm-7.lua: held -> sold (the buyer paid).

Confirming twice answers the same. A hold whose deadline has passed is released
as expired here and now (even if no expire() has run yet), so a payment that
arrives late never sells a unit that is due back in stock. The call's op token
goes into the record, so a re-sent call answers exactly as its first run did.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     reservation id
ARGV[2]     op token of this call (random, drawn by the client)
Returns     { code, record }:
             1 confirmed by this call, 2 was already sold,
            -10 unknown reservation, -11 already released (record says why),
            -12 deadline passed: released as expired by this call,
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
local rid, op = ARGV[1], ARGV[2]
local r, meta, early = load_transition(rid)
if early then return early end
if r.state == 'sold' then
  if r.op == op then return { 1, encode_record(r) } end
  return { 2, encode_record(r) }
end
if r.state ~= 'held' then
  if r.op == op and r.state == 'expired' then return { -12, encode_record(r) } end
  return { -11, encode_record(r) }
end
local now = redis_now_ms()
if now >= r.deadline then
  if not release_hold(meta, rid, r, 'expired', now, op) then return { -99, '' } end
  finish_write(meta, now)
  return { -12, encode_record(r) }
end
local lines, items = hold_parts(r, false)
if not lines then return { -99, '' } end
r.state = 'sold'
r.ended = int_string(now)
r.op = op
redis.call('HSET', HOLDS_KEY, rid, encode_record(r))
redis.call('ZREM', DEADLINES_KEY, rid)
for i, line in ipairs(lines) do move_units(meta, items[i], line.qty, 'held', 'sold') end
emit(meta.outbox, meta.saleId, 'confirmed', rid, r, now)
finish_write(meta, now)
return { 1, encode_record(r) }
