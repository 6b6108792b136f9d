--[[ transfer-out-8.lua: the first step of moving units of one item from this shard
of a sharded sale to another: take up to the units asked of the item's available
stock (overdue holds are reclaimed first when it has too few: lib/reclaim.lua)
and record them as an open transfer, in one atomic step. The units are then in
transit: counted by the open record until transfer-in-8.lua gives them to the
destination and transfer-settle-8.lua closes the record.

Safe to run twice: a transfer id already recorded answers what its first run
took and takes nothing more, whatever happened since.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     the sale's transfers hash (lib/transfers.lua)
ARGV[1]     transfer id (drawn by the client, unique)
ARGV[2]     the item
ARGV[3]     most units to take (>= 1)
ARGV[4]     the destination shard's sale id
Returns     { code, units }:
             1 taken (units >= 1), 2 replayed (the units its first run took),
             0 none available (nothing recorded; units is then the ms until the
               sale's earliest hold falls due when the item has holds, else -1:
               what a purchase's sold_out answer hints, purchase-9.lua),
            -1 sale not loaded, -14 no such item, -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include read-meta
-- @include items
-- @include outbox
-- @include user-ledger
-- @include history
-- @include release
-- @include reclaim
-- @include retention
-- @include transfers
local id, item, wanted, destination = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local first = redis.call('HGET', TRANSFERS_KEY, 'out:' .. id)
if first then
  local units = string.match(first, '^%a+ (%d+) ')
  return { 2, tonumber(units) }
end
local meta = read_meta()
if not meta.saleId then return { -1, 0 } end
if meta.corrupt then return { -99, 0 } end
local it, why = get_item(item)
if not it then
  if why == 'unknown' then return { -14, 0 } end
  return { -99, 0 }
end
local now = redis_now_ms()
if it.available < wanted then reclaim_stock(meta, it, wanted, now) end
local units = math.min(wanted, it.available)
if units > 0 then
  it.available = it.available - units
  it.withdrawn = it.withdrawn + units
  meta.available = meta.available - units
  meta.withdrawn = meta.withdrawn + units
  touch_item(it)
  redis.call('HSET', META_KEY, 'withdrawn', int_string(meta.withdrawn))
  redis.call('HSET', TRANSFERS_KEY, 'out:' .. id,
    'open ' .. int_string(units) .. ' ' .. item .. ' ' .. destination)
  add_totals('sent', item, units)
  add_open(item, id)
  keep_transfers_with_sale(meta)
end
if units > 0 or reclaimed_any then
  write_counters(meta)
  keep_events_with_sale(meta)
  prune_history(now)
end
if units == 0 then
  if it.held == 0 then return { 0, -1 } end
  local first_due = redis.call('ZRANGE', DEADLINES_KEY, 0, 0, 'WITHSCORES')
  local due = tonumber(first_due[2])
  if not due or due <= now then return { 0, 0 } end
  return { 0, due - now }
end
return { 1, units }
