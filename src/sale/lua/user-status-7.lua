--[[ user-status-7.lua: what a front end polls for one buyer, in one round trip:
units used against the sale's limit and per item against each item's limit, and
the buyer's reservations with their states, with Redis's time so the reader can
report an overdue hold as expired. Read only.

KEYS[1..7]  the sale's keys (lib/sale-keys.lua)
ARGV[1]     user id
Returns     { limit, used, now, k, item1, used1, limit1, …, itemk, usedk, limitk,
              rid1, record1, rid2, record2, … } with the items the buyer holds or
            bought (limit '' when the item has no limit of its own or is gone) and
            the reservations oldest first; or { -1 } when the sale is not loaded
]]
-- @include sale-keys
-- @include portable
-- @include clock
-- @include record
-- @include user-ledger
local limit = redis.call('HGET', META_KEY, 'limit')
if not limit then return { -1 } end
local ledger = read_ledger(ARGV[1]) or { used = 0, per_item = '', ids = '' }
local out = { tonumber(limit), ledger.used, int_string(redis_now_ms()), 0 }
local ids, units_of = {}, {}
for item, units in string.gmatch(ledger.per_item, '([^=,]+)=(%d+)') do
  ids[#ids + 1] = item
  units_of[item] = tonumber(units)
end
table.sort(ids)
for _, item in ipairs(ids) do
  local text = redis.call('HGET', META_KEY, 'item:' .. item)
  local item_limit = type(text) == 'string' and string.match(text, '(%d+)$') or ''
  if item_limit == '0' then item_limit = '' end
  out[#out + 1] = item
  out[#out + 1] = units_of[item]
  out[#out + 1] = item_limit
end
out[4] = #ids
for rid in string.gmatch(ledger.ids, '%S+') do
  local text = redis.call('HGET', HOLDS_KEY, rid)
  if text then
    out[#out + 1] = rid
    out[#out + 1] = text
  end
end
return reply(out)
