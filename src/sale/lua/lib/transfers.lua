-- A sale's transfers hash (KEYS[8] of the transfer scripts): units moved between
-- the shards of one sharded sale (src/shards/). Fields:
--   'out:<id>'       "<state> <units> <item> <destination>", state open | settled:
--                    units this sale gave; open until the destination has them
--   'in:<id>'        "<units> <item> <source>": units this sale took in
--   'sent:<item>'    units of the item given to other shards, over the sale's life
--   'received:<item>' units of the item taken from other shards
--   'sent', 'received' the same over every item
--   'open:<item>'    the ids of this sale's transfers out of the item not yet
--                    settled, space-separated (few: one per mover at work). A
--                    sharded purchase reads it, with 'received:<item>', before it
--                    answers sold_out, so that it never does while units move,
--                    and finishes those transfers when a mover died
--   'open'           the same ids over every item: sharded stats and
--                    finishTransfers read the open records by them, so their
--                    cost follows the transfers open, not all ever made
local TRANSFERS_KEY = KEYS[8]
-- The hash lives exactly as long as the sale (lib/retention.lua): its first
-- write may create it.
local function keep_transfers_with_sale(meta)
  if meta.expireAt then redis.call('PEXPIREAT', TRANSFERS_KEY, meta.expireAt) end
end
local function add_totals(direction, item, units)
  redis.call('HINCRBY', TRANSFERS_KEY, direction .. ':' .. item, units)
  redis.call('HINCRBY', TRANSFERS_KEY, direction, units)
end
-- Adds `id` to the space-separated ids of `field`.
local function append_id(field, id)
  local ids = redis.call('HGET', TRANSFERS_KEY, field)
  redis.call('HSET', TRANSFERS_KEY, field, ids and (ids .. ' ' .. id) or id)
end
-- Removes `id` from the ids of `field`, and the field with its last id.
local function remove_id(field, id)
  local ids = redis.call('HGET', TRANSFERS_KEY, field)
  if not ids then return end
  local kept = {}
  for other in string.gmatch(ids, '%S+') do
    if other ~= id then kept[#kept + 1] = other end
  end
  if #kept == 0 then
    redis.call('HDEL', TRANSFERS_KEY, field)
  else
    redis.call('HSET', TRANSFERS_KEY, field, table.concat(kept, ' '))
  end
end
-- Transfer `id` of `item` is open (taken, not yet settled).
local function add_open(item, id)
  append_id('open:' .. item, id)
  append_id('open', id)
end
-- Transfer `id` of `item` has settled.
local function drop_open(item, id)
  remove_id('open:' .. item, id)
  remove_id('open', id)
end
