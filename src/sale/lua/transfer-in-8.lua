--[[ transfer-in-8.lua: the second step of a transfer between shards (see
transfer-out-8.lua): give the units taken from the source to this shard's item,
in one atomic step with the record that they arrived. When the item had no units,
its reopened channel says so (lib/items.lua), so processes that remember it as
sold out ask Redis again.

Safe to run twice, and from any process (a recovery may run it for a transfer
whose first process died): a transfer id already recorded gives nothing again.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
KEYS[8]     the sale's transfers hash (lib/transfers.lua)
ARGV[1]     transfer id
ARGV[2]     the item
ARGV[3]     units (>= 1), as the source recorded them
ARGV[4]     the source shard's sale id
Returns     { code, available }: 1 given (the item's available units after),
             2 already given, -1 sale not loaded, -14 no such item,
            -23 the sale's total stock would pass MAX_UNITS, -99 the sale's data is damaged
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include read-meta
-- @include items
-- @include transfers
local MAX_UNITS = 1000000000000000 -- restock-8.lua's bound: counters exact in doubles
local id, item, units, source = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
if redis.call('HEXISTS', TRANSFERS_KEY, 'in:' .. id) == 1 then return { 2, 0 } end
local meta = read_meta()
if not meta.saleId then return { -1, 0 } end
if meta.corrupt then return { -99, 0 } end
local it, why = get_item(item)
if not it then
  if why == 'unknown' then return { -14, 0 } end
  return { -99, 0 }
end
if meta.loaded + meta.restocked + units > MAX_UNITS then return { -23, 0 } end
it.available = it.available + units
it.restocked = it.restocked + units
meta.available = meta.available + units
meta.restocked = meta.restocked + units
touch_item(it)
redis.call('HSET', META_KEY, 'restocked', int_string(meta.restocked))
write_counters(meta)
redis.call('HSET', TRANSFERS_KEY, 'in:' .. id, int_string(units) .. ' ' .. item .. ' ' .. source)
add_totals('received', item, units)
keep_transfers_with_sale(meta)
return { 1, it.available }
