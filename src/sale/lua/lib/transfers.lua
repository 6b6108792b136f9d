-- A sale's transfers hash (KEYS[8] of the transfer scripts): units moved between
-- the shards of one sharded sale (src/shards/). Fields:
--   'out:<id>'       "<state> <units> <item> <destination>", state open | settled:
--                    units this sale gave; open until the destination has them
--   'in:<id>'        "<units> <item> <source>": units this sale took in
--   'sent:<item>'    units of the item given to other shards, over the sale's life
--   'received:<item>' units of the item taken from other shards
--   'sent', 'received' the same over every item
-- Transfers are booked in the item's own counters too (a transfer out as
-- withdrawn, a transfer in as restocked), so each shard on its own keeps
-- available + held + sold = loaded + restocked - withdrawn; the sent/received
-- totals tell stock moved between shards from stock added or taken by restock.
-- Records stay until the sale's keys expire, so a re-sent or late call of any
-- step always finds what its first run did: nothing is taken or given twice.
-- Item and sale ids never contain a space (src/sale/catalog/item-id.ts).
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
